package mapview_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/bertvec/bertvec/internal/mapview"
)

func ExampleNew() {
	x := []float32{ // four 3-D vectors
		1, 0, 0,
		0.9, 0.1, 0,
		0, 1, 0,
		0, 0, 2,
	}
	xy := []float64{0, 0, 0.1, 0, 1, 1, -1, 1} // their places on the map
	m, err := mapview.New(x, 4, 3, xy, []string{"王", "女王", "猫", "</script>"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	m.Title = "example"
	var page bytes.Buffer
	if err := m.WriteHTML(&page); err != nil {
		fmt.Println(err)
		return
	}
	p := m.Points[0]
	fmt.Printf("%s: norm %.1f, nearest %s\n", p.Label, p.Norm, m.Points[p.Neighbors[0]].Label)
	fmt.Println("script elements closed:", strings.Count(page.String(), "</script>"))
	// Output:
	// 王: norm 1.0, nearest 女王
	// script elements closed: 2
}
