package pipeline

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/bertvec/bertvec/internal/npy"
	"github.com/bertvec/bertvec/vecdir"
)

// WriteWord2VecText writes vectors (len(tokens) rows of cols float32,
// row-major) in gensim's word2vec text format: a "V H" line, then one
// "token v1 ... vH" line per row. Values use the shortest decimal that
// reads back as the same float32.
func WriteWord2VecText(w io.Writer, tokens []string, vectors []float32, cols int) error {
	if err := checkW2V(tokens, vectors, cols); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d %d\n", len(tokens), cols)
	var num []byte
	for i, tok := range tokens {
		bw.WriteString(tok)
		for _, v := range vectors[i*cols : (i+1)*cols] {
			num = strconv.AppendFloat(append(num[:0], ' '), float64(v), 'g', -1, 32)
			bw.Write(num)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// WriteWord2VecBinary writes vectors in the word2vec binary format: a
// "V H\n" line, then per row "token ", H little-endian float32 and "\n".
// The newline is word2vec.c's layout; gensim's loader strips it (gensim 4
// itself writes none), so both tools read the file.
func WriteWord2VecBinary(w io.Writer, tokens []string, vectors []float32, cols int) error {
	if err := checkW2V(tokens, vectors, cols); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d %d\n", len(tokens), cols)
	row := make([]byte, 4*cols)
	for i, tok := range tokens {
		bw.WriteString(tok)
		bw.WriteByte(' ')
		for j, v := range vectors[i*cols : (i+1)*cols] {
			binary.LittleEndian.PutUint32(row[4*j:], math.Float32bits(v))
		}
		bw.Write(row)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func checkW2V(tokens []string, vectors []float32, cols int) error {
	if cols <= 0 || len(vectors) != len(tokens)*cols {
		return fmt.Errorf("word2vec: %d values for %d tokens of width %d", len(vectors), len(tokens), cols)
	}
	return checkTokens(tokens, true)
}

// writeWord2Vec writes a kind's word2vec files (those still missing) from
// its finished .npy, each through the atomic write path.
func writeWord2Vec(d *outDir, k vecdir.Kind, tokens []string) error {
	m, err := npy.Open(d.join(k.File()))
	if err != nil {
		return fmt.Errorf("word2vec: %w", err)
	}
	defer m.Close()
	files := []struct {
		name  string
		write func(io.Writer, []string, []float32, int) error
	}{
		{k.Word2VecText(), WriteWord2VecText},
		{k.Word2VecBinary(), WriteWord2VecBinary},
	}
	for _, f := range files {
		if d.has(f.name) {
			continue
		}
		err := d.writeFile(f.name, func(w io.Writer) error {
			return f.write(w, tokens, m.Data, m.Cols)
		})
		if err != nil {
			return fmt.Errorf("word2vec: %w", err)
		}
	}
	return nil
}
