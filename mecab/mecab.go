//go:build cgo && !nomecab

package mecab

/*
#cgo LDFLAGS: -lmecab
#include <mecab.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// bv_worker is what one concurrent call owns: a tagger and a lattice of
// the shared model, the input copy and the output spans, all C memory.
typedef struct {
	mecab_t *tagger;
	mecab_lattice_t *lattice;
	char *buf;
	size_t bufcap;
	int32_t *spans;
	size_t spancap; // in int32s
} bv_worker;

static void bv_worker_free(bv_worker *w) {
	if (w == NULL) return;
	if (w->lattice) mecab_lattice_destroy(w->lattice);
	if (w->tagger) mecab_destroy(w->tagger);
	free(w->buf);
	free(w->spans);
	free(w);
}

static bv_worker *bv_worker_new(mecab_model_t *m) {
	bv_worker *w = calloc(1, sizeof(bv_worker));
	if (w == NULL) return NULL;
	w->tagger = mecab_model_new_tagger(m);
	w->lattice = mecab_model_new_lattice(m);
	if (w->tagger == NULL || w->lattice == NULL) {
		bv_worker_free(w);
		return NULL;
	}
	return w;
}

// bv_segment parses text[0:len] and leaves the byte span of each morpheme
// in w->spans (start, end pairs). It returns the number of morphemes, -1
// when MeCab fails (see mecab_lattice_strerror) and -2 when out of memory.
static long bv_segment(bv_worker *w, const char *text, size_t len) {
	if (w->bufcap < len + 1) {
		char *b = realloc(w->buf, len + 1);
		if (b == NULL) return -2;
		w->buf = b;
		w->bufcap = len + 1;
	}
	memcpy(w->buf, text, len);
	w->buf[len] = 0;
	mecab_lattice_set_sentence2(w->lattice, w->buf, len);
	if (!mecab_parse_lattice(w->tagger, w->lattice)) return -1;
	long n = 0;
	const mecab_node_t *bos = mecab_lattice_get_bos_node(w->lattice);
	for (const mecab_node_t *x = bos ? bos->next : NULL; x && x->stat != MECAB_EOS_NODE; x = x->next) n++;
	if (w->spancap < (size_t)(2 * n)) {
		int32_t *s = realloc(w->spans, sizeof(int32_t) * 2 * n);
		if (s == NULL) {
			mecab_lattice_clear(w->lattice);
			return -2;
		}
		w->spans = s;
		w->spancap = 2 * n;
	}
	long i = 0;
	for (const mecab_node_t *x = bos ? bos->next : NULL; x && x->stat != MECAB_EOS_NODE; x = x->next, i++) {
		w->spans[2 * i] = (int32_t)(x->surface - w->buf);
		w->spans[2 * i + 1] = (int32_t)(x->surface - w->buf + x->length);
	}
	mecab_lattice_clear(w->lattice);
	return n;
}

static const char *bv_lattice_error(bv_worker *w) { return mecab_lattice_strerror(w->lattice); }

static mecab_model_t *bv_model_new(int argc, char **argv) { return mecab_model_new(argc, argv); }
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Version is libmecab's version string.
func Version() (string, error) { return C.GoString(C.mecab_version()), nil }

// Tagger splits text into morphemes with one loaded dictionary. It is safe
// for concurrent use; Close frees it once no call is running.
type Tagger struct {
	mu     sync.RWMutex // Segment holds it for reading, Close for writing
	model  *C.mecab_model_t
	free   chan *C.bv_worker // idle workers, at most cap(free)
	closed bool
	dict   Dict
}

// modelMu serialises model creation: libmecab keeps the last creation
// error in a global.
var modelMu sync.Mutex

// New loads dict with transformers' arguments (see the package doc) and
// then option, transformers' mecab_option. d.Dir "" means option alone
// names the dictionary (mecab_dic: null in the tokenizer's config).
func New(d Dict, option string) (*Tagger, error) {
	extra, err := splitArgs(option)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDict, err)
	}
	files, err := checkOptionFiles(extra)
	if err != nil {
		return nil, err
	}
	// As fugashi's GenericTagger: argv[0], -C, then the options.
	args := []string{"bertvec", "-C"}
	if d.Dir != "" {
		rc := d.RC
		if rc == "" {
			rc = os.DevNull // an empty rc: never the user's ~/.mecabrc
		}
		args = append(args, "-d", d.Dir, "-r", rc)
	} else if !slices.ContainsFunc(files, func(o fileOption) bool { return o.name == "-r" }) {
		args = append(args, "-r", os.DevNull)
	}
	args = append(args, extra...)
	argv := make([]*C.char, len(args))
	for i, a := range args {
		argv[i] = C.CString(a)
	}
	defer func() {
		for _, p := range argv {
			C.free(unsafe.Pointer(p))
		}
	}()
	cargv := (**C.char)(C.malloc(C.size_t(len(argv)) * C.size_t(unsafe.Sizeof(argv[0]))))
	defer C.free(unsafe.Pointer(cargv))
	copy(unsafe.Slice(cargv, len(argv)), argv)

	modelMu.Lock()
	m := C.bv_model_new(C.int(len(args)), cargv)
	var msg string
	if m == nil {
		msg = C.GoString(C.mecab_strerror(nil))
	}
	modelMu.Unlock()
	if m == nil {
		where := d.Dir
		if where == "" {
			where = "mecab_option " + option
		}
		return nil, fmt.Errorf("%w: MeCab cannot load %s: %s", ErrDict, where, msg)
	}
	return &Tagger{model: m, free: make(chan *C.bv_worker, runtime.GOMAXPROCS(0)), dict: d}, nil
}

// Dict is the dictionary the Tagger was made with.
func (t *Tagger) Dict() Dict { return t.dict }

// Segment appends the byte spans [start, end) of text's morphemes to dst,
// in order, as MeCab's best path (what fugashi's surfaces are). White
// space between morphemes belongs to no span.
func (t *Tagger) Segment(dst []int32, text string) ([]int32, error) {
	if err := checkInput(text); err != nil {
		return dst, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed {
		return dst, ErrClosed
	}
	var w *C.bv_worker
	select {
	case w = <-t.free:
	default:
		if w = C.bv_worker_new(t.model); w == nil {
			return dst, fmt.Errorf("mecab: cannot create a tagger (out of memory)")
		}
	}
	var p *C.char
	if len(text) > 0 {
		p = (*C.char)(unsafe.Pointer(unsafe.StringData(text)))
	}
	n := C.bv_segment(w, p, C.size_t(len(text)))
	var err error
	switch {
	case n == -1:
		err = fmt.Errorf("mecab: %s", C.GoString(C.bv_lattice_error(w)))
	case n < 0:
		err = fmt.Errorf("mecab: out of memory for %d bytes of text", len(text))
	default:
		dst = append(dst, unsafe.Slice((*int32)(unsafe.Pointer(w.spans)), 2*int(n))...)
	}
	select {
	case t.free <- w:
	default:
		C.bv_worker_free(w)
	}
	return dst, err
}

// checkInput refuses what MeCab must not see; see the package doc.
func checkInput(text string) error {
	if len(text) > MaxBytes {
		return fmt.Errorf("%w: %d bytes of text in one piece, more than %d", ErrInput, len(text), MaxBytes)
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at offset %d", ErrInput, i)
	}
	if !utf8.ValidString(text) {
		return fmt.Errorf("%w: text is not valid UTF-8", ErrInput)
	}
	return nil
}

// Close frees the dictionary and every idle worker; it waits for running
// calls. Later calls return ErrClosed.
func (t *Tagger) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	for {
		select {
		case w := <-t.free:
			C.bv_worker_free(w)
		default:
			C.mecab_model_destroy(t.model)
			t.model = nil
			return nil
		}
	}
}
