package mapview

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// PNGOptions sizes the picture. Zero fields take the defaults.
type PNGOptions struct {
	Width, Height int     // pixels; default 2400×2400
	FontPath      string  // default: the first of FontCandidates found
	LabelSize     float64 // label font size in pixels; default 14
	// Stats, when not nil, receives what WritePNG drew.
	Stats *PNGStats
}

// PNGStats counts the labels of a picture.
type PNGStats struct {
	Labels  int // points with a label
	LeftOut int // labels left out for space
}

func (o PNGOptions) withDefaults() (PNGOptions, error) {
	if o.Width == 0 {
		o.Width = 2400
	}
	if o.Height == 0 {
		o.Height = 2400
	}
	if o.LabelSize == 0 {
		o.LabelSize = 14
	}
	if o.Width < 100 || o.Height < 100 || o.Width > 20000 || o.Height > 20000 || o.LabelSize < 4 {
		return o, fmt.Errorf("%w: picture %d×%d with %gpx labels", ErrInput, o.Width, o.Height, o.LabelSize)
	}
	if o.FontPath == "" {
		p, err := FindFont(FontCandidates)
		if err != nil {
			return o, err
		}
		o.FontPath = p
	}
	return o, nil
}

var (
	inkPoint = color.NRGBA{60, 105, 170, 190}
	inkLabel = color.NRGBA{40, 40, 40, 255}
	inkTitle = color.NRGBA{20, 20, 20, 255}
	inkHalo  = color.NRGBA{255, 255, 255, 220}
)

// WritePNG draws the map: every point, and as many labels as fit inside
// the picture, with a margin, without overlapping (placed greedily in
// point order, as the page does; pinned points always). The caption says
// how many labels were left out for space.
func (m *Map) WritePNG(w io.Writer, opt PNGOptions) error {
	o, err := opt.withDefaults()
	if err != nil {
		return err
	}
	label, err := LoadFace(o.FontPath, o.LabelSize)
	if err != nil {
		return err
	}
	defer label.Close()
	title, err := LoadFace(o.FontPath, o.LabelSize*1.5)
	if err != nil {
		return err
	}
	defer title.Close()

	img := image.NewRGBA(image.Rect(0, 0, o.Width, o.Height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	top := int(o.LabelSize * 4) // room for title and caption
	toPixel := m.fitTo(image.Rect(0, top, o.Width, o.Height).Inset(int(o.LabelSize * 2)))

	const radius = 3.0
	px := make([][2]float64, len(m.Points))
	for i, p := range m.Points {
		px[i][0], px[i][1] = toPixel(p.X, p.Y)
		disc(img, px[i][0], px[i][1], radius, inkPoint)
	}
	ascent := label.Metrics().Ascent.Ceil()
	height := ascent + label.Metrics().Descent.Ceil()
	margin := int(o.LabelSize)
	area := image.Rect(0, top, o.Width, o.Height).Inset(margin)
	width := func(s string) int { return font.MeasureString(label, s).Ceil() }
	plan := placeLabels(m.Points, px, width, height, area, radius)
	for _, b := range plan.boxes {
		drawText(img, label, m.Points[b.i].Label, b.x, b.y+ascent, inkLabel, true)
	}
	if opt.Stats != nil {
		*opt.Stats = PNGStats{Labels: plan.total, LeftOut: plan.omitted}
	}
	caption := m.Caption
	if plan.omitted > 0 {
		caption += fmt.Sprintf(" · %d of %d labels left out for space", plan.omitted, plan.total)
	}
	drawText(img, title, m.Title, margin, int(o.LabelSize*2), inkTitle, false)
	drawText(img, label, caption, margin, int(o.LabelSize*3.3), inkLabel, false)
	return png.Encode(w, img)
}

// fitTo maps layout coordinates into r, keeping the aspect ratio and
// putting larger y higher up.
func (m *Map) fitTo(r image.Rectangle) func(x, y float64) (float64, float64) {
	minX, minY, maxX, maxY := m.bounds()
	spanX, spanY := math.Max(maxX-minX, 1e-12), math.Max(maxY-minY, 1e-12)
	scale := math.Min(float64(r.Dx())/spanX, float64(r.Dy())/spanY)
	offX := float64(r.Min.X) + (float64(r.Dx())-spanX*scale)/2
	offY := float64(r.Min.Y) + (float64(r.Dy())-spanY*scale)/2
	return func(x, y float64) (float64, float64) {
		return offX + (x-minX)*scale, offY + (maxY-y)*scale
	}
}

// disc draws an anti-aliased filled circle.
func disc(img *image.RGBA, cx, cy, r float64, c color.NRGBA) {
	b := image.Rect(int(cx-r-1), int(cy-r-1), int(cx+r+2), int(cy+r+2)).Intersect(img.Bounds())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			if cover := math.Min(1, r+0.5-d); cover > 0 {
				blend(img, x, y, c, cover)
			}
		}
	}
}

// blend paints c over pixel (x, y) with the given coverage.
func blend(img *image.RGBA, x, y int, c color.NRGBA, cover float64) {
	a := float64(c.A) / 255 * cover
	o := img.PixOffset(x, y)
	pix := img.Pix[o : o+4 : o+4]
	for k, v := range [3]uint8{c.R, c.G, c.B} {
		pix[k] = uint8(float64(pix[k])*(1-a) + float64(v)*a + 0.5)
	}
	pix[3] = uint8(float64(pix[3])*(1-a) + 255*a + 0.5)
}

// drawText draws s with its baseline at (x, y), optionally on a thin
// white halo so labels stay readable over points.
func drawText(img *image.RGBA, face font.Face, s string, x, y int, c color.NRGBA, halo bool) {
	d := font.Drawer{Dst: img, Face: face}
	if halo {
		d.Src = image.NewUniform(inkHalo)
		for _, off := range [][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
			d.Dot = fixed.P(x+off[0], y+off[1])
			d.DrawString(s)
		}
	}
	d.Src = image.NewUniform(c)
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
}
