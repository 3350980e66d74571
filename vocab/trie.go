package vocab

import "sort"

// trie is a byte trie over vocabulary entries for WordPiece's longest
// match: one walk along the word finds the longest entry it starts with,
// where a map would need a lookup per candidate length. Nodes are laid
// out flat: node n's children are edges[first[n]:first[n+1]], sorted by
// byte; id[n] is the entry ending at n, or -1.
type trie struct {
	root  [256]int32 // the root's children by byte, -1 for none
	first []int32
	label []byte
	child []int32
	id    []int32
}

// buildTrie builds the trie of keys, each with its id.
func buildTrie(keys map[string]int) *trie {
	type node struct {
		kids map[byte]int32
		id   int32
	}
	nodes := []node{{id: -1}}
	for k, id := range keys {
		if k == "" {
			continue // WordPiece never looks up an empty piece
		}
		n := int32(0)
		for i := 0; i < len(k); i++ {
			c := k[i]
			next, ok := nodes[n].kids[c]
			if !ok {
				next = int32(len(nodes))
				nodes = append(nodes, node{id: -1})
				if nodes[n].kids == nil {
					nodes[n].kids = map[byte]int32{}
				}
				nodes[n].kids[c] = next
			}
			n = next
		}
		nodes[n].id = int32(id)
	}
	t := &trie{first: make([]int32, len(nodes)+1), id: make([]int32, len(nodes))}
	for i := range t.root {
		t.root[i] = -1
	}
	for n, nd := range nodes {
		t.id[n] = nd.id
		t.first[n] = int32(len(t.label))
		bs := make([]byte, 0, len(nd.kids))
		for c := range nd.kids {
			bs = append(bs, c)
		}
		sort.Slice(bs, func(i, j int) bool { return bs[i] < bs[j] })
		for _, c := range bs {
			t.label = append(t.label, c)
			t.child = append(t.child, nd.kids[c])
			if n == 0 {
				t.root[c] = nd.kids[c]
			}
		}
	}
	t.first[len(nodes)] = int32(len(t.label))
	return t
}

// longest returns the id and byte length of the longest key that s starts
// with; n is 0 when none.
func (t *trie) longest(s string) (id int32, n int) {
	if len(s) == 0 {
		return -1, 0
	}
	cur := t.root[s[0]]
	id = -1
	for i := 1; cur >= 0; i++ {
		if t.id[cur] >= 0 {
			id, n = t.id[cur], i
		}
		if i == len(s) {
			break
		}
		cur = t.step(cur, s[i])
	}
	return id, n
}

// step follows the edge labelled c from node n, -1 when there is none.
func (t *trie) step(n int32, c byte) int32 {
	lo, hi := t.first[n], t.first[n+1]
	for hi-lo > 8 {
		mid := (lo + hi) / 2
		if t.label[mid] < c {
			lo = mid + 1
		} else {
			hi = mid + 1 // mid may be c itself
		}
	}
	for ; lo < hi; lo++ {
		if t.label[lo] == c {
			return t.child[lo]
		}
		if t.label[lo] > c {
			return -1
		}
	}
	return -1
}
