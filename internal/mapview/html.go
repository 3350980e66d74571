package mapview

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"io"
	"strconv"
)

var (
	//go:embed assets/map.html
	pageSource string
	//go:embed assets/map.js
	pageScript string
	//go:embed assets/map.css
	pageStyle string

	page = template.Must(template.New("map").Parse(pageSource))
)

// pageData is the JSON the page reads, column by column to keep it small.
type pageData struct {
	Title   string      `json:"title"`
	Caption string      `json:"caption"`
	X       []float32   `json:"x"`
	Y       []float32   `json:"y"`
	Label   []string    `json:"label"`
	ID      []int       `json:"id"`
	Norm    []float64   `json:"norm"`
	Nbr     [][]int32   `json:"nbr"`
	Dist    [][]float64 `json:"dist"`
	Pin     []int       `json:"pin,omitempty"` // points always labelled
}

// WriteHTML writes the map as one self-contained page: styles, script and
// data inline, nothing fetched, so it works offline and from file://.
func (m *Map) WriteHTML(w io.Writer) error {
	d := pageData{Title: m.Title, Caption: m.Caption}
	for _, p := range m.Points {
		d.X = append(d.X, float32(p.X))
		d.Y = append(d.Y, float32(p.Y))
		d.Label = append(d.Label, p.Label)
		d.ID = append(d.ID, p.ID)
		d.Norm = append(d.Norm, round3(p.Norm))
		nbr := p.Neighbors
		if nbr == nil {
			nbr = []int32{}
		}
		d.Nbr = append(d.Nbr, nbr)
		dist := make([]float64, len(p.Dist))
		for r, v := range p.Dist {
			dist[r] = round3(float64(v))
		}
		d.Dist = append(d.Dist, dist)
		if p.Pinned {
			d.Pin = append(d.Pin, len(d.X)-1)
		}
	}
	// json.Marshal escapes <, > and & as \u003c, \u003e and \u0026, so no
	// token can close the <script> element that holds the data.
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return page.Execute(w, struct {
		Title  string
		Data   template.JS
		Script template.JS
		Style  template.CSS
	}{m.Title, template.JS(data), template.JS(pageScript), template.CSS(pageStyle)})
}

// round3 keeps the three decimals the page shows (as %.3f would print
// them), which also keeps the file small.
func round3(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 3, 64), 64)
	if err != nil {
		return v
	}
	return r
}
