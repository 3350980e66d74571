package search

import (
	"encoding/json"
	"math"
)

// JSONFloat is a float64 that encoding/json can always write: a finite
// value is a JSON number, NaN and ±Inf (a corrupt or overflowing row) are
// the strings "NaN", "Infinity" and "-Infinity", which Python's float()
// and JavaScript's Number() read back. A plain float field makes the whole
// encoding fail instead ("json: unsupported value: +Inf").
type JSONFloat float64

// MarshalJSON implements json.Marshaler.
func (f JSONFloat) MarshalJSON() ([]byte, error) {
	if s, ok := nonFinite(float64(f)); ok {
		return s, nil
	}
	return json.Marshal(float64(f))
}

// nonFinite is the JSON string for NaN and ±Inf.
func nonFinite(v float64) ([]byte, bool) {
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), true
	case math.IsInf(v, 1):
		return []byte(`"Infinity"`), true
	case math.IsInf(v, -1):
		return []byte(`"-Infinity"`), true
	}
	return nil, false
}

// json32 is f as encoding/json writes a float32 (the shortest decimal
// that reads back as f), or a JSONFloat string when f is not finite.
func json32(f float32) json.RawMessage {
	if s, ok := nonFinite(float64(f)); ok {
		return s
	}
	b, _ := json.Marshal(f) // cannot fail for a finite float32
	return b
}

// MarshalJSON writes the Result with non-finite floats as JSONFloat does,
// so that one corrupt row does not abort a whole answer.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Rank     int             `json:"rank"`
		ID       int             `json:"id"`
		Token    string          `json:"token"`
		Distance json.RawMessage `json:"distance"`
		Cosine   json.RawMessage `json:"cosine"`
	}{r.Rank, r.ID, r.Token, json32(r.Distance), json32(r.Cosine)})
}

// MarshalJSON writes the NormAnswer with a non-finite norm (a row with an
// Inf, or one whose squares overflow) as JSONFloat does.
func (a NormAnswer) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Word string    `json:"word"`
		Kind string    `json:"kind"`
		IDs  []int     `json:"ids"`
		Norm JSONFloat `json:"norm"`
	}{a.Word, a.Kind, a.IDs, JSONFloat(a.Norm)})
}
