// Package table lines up plain-text tables of Japanese tokens in a
// terminal.
//
// # Conventions
//
// Width counts East Asian Wide and Fullwidth runes (kanji, kana, full-width
// Latin) as two columns and every other rune, half-width katakana and
// ambiguous-width runes included, as one, as most terminals draw them.
// Pad fills with spaces on the right and never truncates.
package table
