package bundled

import (
	"embed"
	"io/fs"
)

// Name is the bundled model's name, as --model accepts it.
const Name = "tiny-bert-ja"

//go:embed tiny-bert-ja
var files embed.FS

// Files returns the bundled checkpoint directory's files.
func Files() fs.FS {
	sub, err := fs.Sub(files, Name)
	if err != nil { // cannot happen: the directory is embedded above
		panic(err)
	}
	return sub
}
