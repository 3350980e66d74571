package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Term is one signed word of an expression.
type Term struct {
	Word string
	// Neg is true for a subtracted word.
	Neg bool
}

// Expression is a parsed query such as 王 - 男 + 女.
type Expression struct {
	Terms []Term
}

// String renders the expression canonically: "王 - 男 + 女", with a
// leading "-" glued to a negated first word ("-男 + 女").
func (e Expression) String() string {
	var b strings.Builder
	for i, t := range e.Terms {
		switch {
		case i == 0 && t.Neg:
			b.WriteString("-")
		case i > 0 && t.Neg:
			b.WriteString(" - ")
		case i > 0:
			b.WriteString(" + ")
		}
		b.WriteString(t.Word)
	}
	return b.String()
}

// isPlus and isMinus accept ASCII, full-width and the Unicode minus sign,
// since Japanese input methods produce all of them.
func isPlus(r rune) bool  { return r == '+' || r == '＋' }
func isMinus(r rune) bool { return r == '-' || r == '－' || r == '−' }

// ParseExpression parses words joined by + and -. Spaces around operators
// are optional; any Unicode space separates. A sign before the first word
// is allowed and applies to it ("-男 + 女"). Words cannot contain an
// operator character or a space. Errors: no word at all, two words with no
// operator between them, two operators with no word between them, and an
// operator at the end.
func ParseExpression(s string) (Expression, error) {
	toks, err := lexExpression(s)
	if err != nil {
		return Expression{}, err
	}
	if len(toks) == 0 {
		return Expression{}, fmt.Errorf("%w: empty expression", ErrExpression)
	}
	var e Expression
	neg, afterOp := false, true // a leading sign is allowed
	for i, t := range toks {
		switch {
		case t.op != 0 && i == len(toks)-1:
			return Expression{}, fmt.Errorf("%w %q: dangling operator %q at end", ErrExpression, s, t.op)
		case t.op != 0 && afterOp && i > 0:
			return Expression{}, fmt.Errorf("%w %q: empty term between %q and %q", ErrExpression, s, toks[i-1].op, t.op)
		case t.op != 0:
			neg, afterOp = isMinus(t.op), true
		case !afterOp:
			return Expression{}, fmt.Errorf("%w %q: missing + or - between %q and %q", ErrExpression, s, toks[i-1].word, t.word)
		default:
			e.Terms = append(e.Terms, Term{Word: t.word, Neg: neg})
			neg, afterOp = false, false
		}
	}
	return e, nil
}

// exprToken is a word or an operator (op != 0).
type exprToken struct {
	word string
	op   rune
}

func lexExpression(s string) ([]exprToken, error) {
	var toks []exprToken
	start := -1 // start of the current word
	end := func(i int) {
		if start >= 0 {
			toks = append(toks, exprToken{word: s[start:i]})
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case isPlus(r) || isMinus(r):
			end(i)
			toks = append(toks, exprToken{op: r})
		case unicode.IsSpace(r):
			end(i)
		case unicode.IsControl(r) || r == utf8.RuneError:
			return nil, fmt.Errorf("%w %q: control or invalid character at byte %d", ErrExpression, s, i)
		case start < 0:
			start = i
		}
	}
	end(len(s))
	return toks, nil
}
