// tlogcheck verifies Chancery's audit-log checkpoint and Merkle proofs with Go's reference
// implementations of signed notes and transparency logs (golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog, Debian's golang-golang-x-mod-dev), independently of the C++ code.
//
// It builds offline against Debian's packaged sources:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$(mktemp -d) GOFLAGS= go build -o tlogcheck .
//
// Usage:
//
//	tlogcheck -vkey KEY -checkpoint FILE [-inclusion FILE]... [-consistency FILE]...
//	tlogcheck -selftest
//	tlogcheck -genkey NAME
//
// Formats (what `chancery audit key|checkpoint|proof` prints):
//
//	verifier key   <name>+<8 hex key id>+<base64(0x01 || Ed25519 public key)>
//	checkpoint     C2SP tlog-checkpoint signed note: "<origin>\n<size>\n<base64 root>\n[ext lines]"
//	               followed by "\n— <key name> <base64(key id || signature)>\n"; origin == key name
//	inclusion      {"index": I, "size": N, "leaf_hash": b64, "root": b64, "proof": [b64, ...]}
//	consistency    {"from": M, "to": N, "old_root": b64, "new_root": b64, "proof": [b64, ...]}
//
// Every hash is base64 (standard alphabet, padded, canonical) of exactly 32 bytes. The JSON
// objects must carry exactly these fields. Roots are cross-checked: a proof whose tree size is
// the checkpoint's must have the checkpoint's root, and any two files that state a root for the
// same tree size must agree. The empty tree's root is SHA-256 of the empty string (RFC 6962).
//
// Exit status: 0 all checks passed ("ok ..." lines), 1 a check failed ("FAIL: why"), 2 usage.
package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func main() {
	var (
		vkey        = flag.String("vkey", "", "verifier key (name+hexid+base64)")
		cpFile      = flag.String("checkpoint", "", "checkpoint file (signed note)")
		selftest    = flag.Bool("selftest", false, "build a tree with tlog, sign it, and check the checker")
		genkey      = flag.String("genkey", "", "print a fresh verifier key with this name and exit")
		inclusion   multiFlag
		consistency multiFlag
	)
	flag.Var(&inclusion, "inclusion", "inclusion proof JSON file (repeatable)")
	flag.Var(&consistency, "consistency", "consistency proof JSON file (repeatable)")
	flag.Parse()
	if flag.NArg() != 0 {
		usage("unexpected arguments: %q", flag.Args())
	}

	switch {
	case *genkey != "":
		_, v, err := note.GenerateKey(rand.Reader, *genkey)
		if err != nil {
			fail(err)
		}
		fmt.Println(v)
		return
	case *selftest:
		if err := runSelftest(os.Stdout); err != nil {
			fail(err)
		}
		return
	}
	if *vkey == "" || *cpFile == "" {
		usage("-vkey and -checkpoint are required")
	}
	if err := run(*vkey, *cpFile, inclusion, consistency, os.Stdout); err != nil {
		fail(err)
	}
}

func usage(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	flag.Usage()
	os.Exit(2)
}

func fail(err error) {
	fmt.Printf("FAIL: %v\n", err)
	os.Exit(1)
}

// ---------------------------------------------------------------------------------------------
// The checks.

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

// emptyRoot is the RFC 6962 hash of the empty tree, SHA-256(""). (tlog.TreeHash(0) returns the
// all-zero hash instead; the checkpoint format follows RFC 6962.)
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

var decimalRE = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// decodeHash decodes a canonical padded standard base64 string of exactly 32 bytes.
func decodeHash(what, s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") || base64.StdEncoding.EncodeToString(b) != s {
		return h, fmt.Errorf("%s: not canonical standard base64: %q", what, s)
	}
	if len(b) != len(h) {
		return h, fmt.Errorf("%s: %d bytes, want %d", what, len(b), len(h))
	}
	copy(h[:], b)
	return h, nil
}

// openCheckpoint verifies the signed note with the verifier key and parses its body.
func openCheckpoint(vkey string, msg []byte) (*checkpoint, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("verifier key %q: %v", vkey, err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return nil, fmt.Errorf("checkpoint: no signature by key %s+%08x (signed by %s)", v.Name(),
				v.KeyHash(), describeSigs(unverified.Note.UnverifiedSigs))
		}
		return nil, fmt.Errorf("checkpoint: %v", err)
	}
	signed := false
	for _, s := range n.Sigs {
		if s.Name == v.Name() && s.Hash == v.KeyHash() {
			signed = true
		}
	}
	if !signed {
		return nil, fmt.Errorf("checkpoint: not signed by %s", v.Name())
	}

	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return nil, fmt.Errorf("checkpoint body has %d lines, want at least 3: %q", len(lines), n.Text)
	}
	cp := &checkpoint{origin: lines[0]}
	if cp.origin == "" {
		return nil, fmt.Errorf("checkpoint: empty origin line")
	}
	if cp.origin != v.Name() {
		return nil, fmt.Errorf("checkpoint origin %q differs from key name %q", cp.origin, v.Name())
	}
	if !decimalRE.MatchString(lines[1]) {
		return nil, fmt.Errorf("checkpoint size %q is not a canonical decimal", lines[1])
	}
	if cp.size, err = strconv.ParseInt(lines[1], 10, 64); err != nil {
		return nil, fmt.Errorf("checkpoint size %q: %v", lines[1], err)
	}
	if cp.root, err = decodeHash("checkpoint root", lines[2]); err != nil {
		return nil, err
	}
	for i, ext := range lines[3:] {
		if ext == "" {
			return nil, fmt.Errorf("checkpoint extension line %d is empty", i+1)
		}
	}
	if cp.size == 0 && cp.root != emptyRoot {
		return nil, fmt.Errorf("checkpoint of the empty tree has root %s, want SHA-256(\"\") = %s",
			cp.root, emptyRoot)
	}
	return cp, nil
}

func describeSigs(sigs []note.Signature) string {
	if len(sigs) == 0 {
		return "nobody"
	}
	var parts []string
	for _, s := range sigs {
		parts = append(parts, fmt.Sprintf("%s+%08x", s.Name, s.Hash))
	}
	return strings.Join(parts, ", ")
}

// decodeStrict decodes exactly one JSON object with no unknown fields and nothing after it.
func decodeStrict(data []byte, v interface{}) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("trailing data after the JSON object")
	}
	return nil
}

type inclusionJSON struct {
	Index    *int64    `json:"index"`
	Size     *int64    `json:"size"`
	LeafHash *string   `json:"leaf_hash"`
	Root     *string   `json:"root"`
	Proof    *[]string `json:"proof"`
}

type consistencyJSON struct {
	From    *int64    `json:"from"`
	To      *int64    `json:"to"`
	OldRoot *string   `json:"old_root"`
	NewRoot *string   `json:"new_root"`
	Proof   *[]string `json:"proof"`
}

func decodeProof(p []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(p))
	for i, s := range p {
		h, err := decodeHash(fmt.Sprintf("proof[%d]", i), s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// checker accumulates the roots stated for each tree size, so that all files must agree.
type checker struct {
	cp    *checkpoint
	roots map[int64]tlog.Hash
	where map[int64]string
	out   io.Writer
}

func (c *checker) noteRoot(size int64, root tlog.Hash, where string) error {
	if old, ok := c.roots[size]; ok {
		if old != root {
			return fmt.Errorf("%s: root %s for size %d differs from the root %s given by %s", where,
				root, size, old, c.where[size])
		}
		return nil
	}
	c.roots[size] = root
	c.where[size] = where
	return nil
}

func (c *checker) inclusion(name string, data []byte) error {
	var j inclusionJSON
	if err := decodeStrict(data, &j); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if j.Index == nil || j.Size == nil || j.LeafHash == nil || j.Root == nil || j.Proof == nil {
		return fmt.Errorf("%s: missing field (need index, size, leaf_hash, root, proof)", name)
	}
	leaf, err := decodeHash(name+": leaf_hash", *j.LeafHash)
	if err != nil {
		return err
	}
	root, err := decodeHash(name+": root", *j.Root)
	if err != nil {
		return err
	}
	proof, err := decodeProof(*j.Proof)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	index, size := *j.Index, *j.Size
	if index < 0 || size <= index {
		return fmt.Errorf("%s: need 0 <= index < size, got index=%d size=%d", name, index, size)
	}
	if size > c.cp.size {
		return fmt.Errorf("%s: size %d is beyond the checkpoint's %d", name, size, c.cp.size)
	}
	if err := tlog.CheckRecord(tlog.RecordProof(proof), size, root, index, leaf); err != nil {
		return fmt.Errorf("%s: inclusion of index %d in tree of size %d: %v", name, index, size, err)
	}
	if err := c.noteRoot(size, root, name); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "ok inclusion index=%d size=%d\n", index, size)
	return nil
}

func (c *checker) consistency(name string, data []byte) error {
	var j consistencyJSON
	if err := decodeStrict(data, &j); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if j.From == nil || j.To == nil || j.OldRoot == nil || j.NewRoot == nil || j.Proof == nil {
		return fmt.Errorf("%s: missing field (need from, to, old_root, new_root, proof)", name)
	}
	oldRoot, err := decodeHash(name+": old_root", *j.OldRoot)
	if err != nil {
		return err
	}
	newRoot, err := decodeHash(name+": new_root", *j.NewRoot)
	if err != nil {
		return err
	}
	proof, err := decodeProof(*j.Proof)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	from, to := *j.From, *j.To
	if from < 1 || to < from {
		return fmt.Errorf("%s: need 1 <= from <= to, got from=%d to=%d", name, from, to)
	}
	if to > c.cp.size {
		return fmt.Errorf("%s: to=%d is beyond the checkpoint's size %d", name, to, c.cp.size)
	}
	if err := tlog.CheckTree(tlog.TreeProof(proof), to, newRoot, from, oldRoot); err != nil {
		return fmt.Errorf("%s: consistency %d->%d: %v", name, from, to, err)
	}
	if err := c.noteRoot(from, oldRoot, name); err != nil {
		return err
	}
	if err := c.noteRoot(to, newRoot, name); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "ok consistency %d->%d\n", from, to)
	return nil
}

// run performs every check; the first failure is returned.
func run(vkey, cpFile string, inclusion, consistency []string, out io.Writer) error {
	msg, err := ioutil.ReadFile(cpFile)
	if err != nil {
		return err
	}
	cp, err := openCheckpoint(vkey, msg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "ok checkpoint size=%d\n", cp.size)
	c := &checker{cp: cp, roots: map[int64]tlog.Hash{cp.size: cp.root},
		where: map[int64]string{cp.size: "the checkpoint"}, out: out}
	for _, f := range inclusion {
		data, err := ioutil.ReadFile(f)
		if err != nil {
			return err
		}
		if err := c.inclusion(f, data); err != nil {
			return err
		}
	}
	for _, f := range consistency {
		data, err := ioutil.ReadFile(f)
		if err != nil {
			return err
		}
		if err := c.consistency(f, data); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------------------------------------
// Self-test: a tree built with tlog, files in Chancery's formats, positive and negative checks.

type memTree struct {
	data   [][]byte
	hashes []tlog.Hash
}

func (t *memTree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(t.hashes)) {
			return nil, fmt.Errorf("hash index %d out of range", x)
		}
		out[i] = t.hashes[x]
	}
	return out, nil
}

func (t *memTree) add(rec []byte) error {
	hs, err := tlog.StoredHashes(int64(len(t.data)), rec, t)
	if err != nil {
		return err
	}
	t.data = append(t.data, rec)
	t.hashes = append(t.hashes, hs...)
	return nil
}

func (t *memTree) root(n int64) tlog.Hash {
	if n == 0 {
		return emptyRoot
	}
	h, err := tlog.TreeHash(n, t)
	if err != nil {
		panic(err)
	}
	return h
}

func buildTree(records [][]byte) (*memTree, error) {
	t := &memTree{}
	for _, r := range records {
		if err := t.add(r); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// rfc6962Root is an independent, direct transcription of RFC 6962 §2.1 MTH.
func rfc6962Root(leaves [][]byte) tlog.Hash {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return sha256.Sum256(append([]byte{0}, leaves[0]...))
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	l, r := rfc6962Root(leaves[:k]), rfc6962Root(leaves[k:])
	return sha256.Sum256(append(append([]byte{1}, l[:]...), r[:]...))
}

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

func b64s(p []tlog.Hash) []string {
	out := []string{}
	for _, h := range p {
		out = append(out, b64(h))
	}
	return out
}

func inclusionFile(t *memTree, index, size int64) ([]byte, error) {
	p, err := tlog.ProveRecord(size, index, t)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]interface{}{"index": index, "size": size,
		"leaf_hash": b64(tlog.RecordHash(t.data[index])), "root": b64(t.root(size)), "proof": b64s(p)})
}

func consistencyFile(t *memTree, from, to int64) ([]byte, error) {
	p, err := tlog.ProveTree(to, from, t)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]interface{}{"from": from, "to": to,
		"old_root": b64(t.root(from)), "new_root": b64(t.root(to)), "proof": b64s(p)})
}

func signCheckpoint(skey, body string) ([]byte, error) {
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, err
	}
	return note.Sign(&note.Note{Text: body}, s)
}

func cpBody(origin string, size int64, root tlog.Hash) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, size, b64(root))
}

// mutateJSON decodes a JSON object, applies f, and re-encodes it.
func mutateJSON(data []byte, f func(m map[string]interface{})) []byte {
	var m map[string]interface{}
	if err := json.Unmarshal(data, &m); err != nil {
		panic(err)
	}
	f(m)
	out, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return out
}

// flipProofByte flips one bit of one byte of proof element i.
func flipProofByte(i int) func(m map[string]interface{}) {
	return func(m map[string]interface{}) {
		p := m["proof"].([]interface{})
		b, _ := base64.StdEncoding.DecodeString(p[i].(string))
		b[7] ^= 0x01
		p[i] = base64.StdEncoding.EncodeToString(b)
	}
}

func runSelftest(out io.Writer) error {
	const N = 13
	const origin = "chancery/audit/selftest00000000"
	mid := int64(N / 2)

	var records, forkLast, forkFirst [][]byte
	for i := 0; i < N; i++ {
		r := []byte(fmt.Sprintf("entry %d\n", i))
		records = append(records, r)
		if i == N-1 {
			forkLast = append(forkLast, []byte("forked last entry\n"))
		} else {
			forkLast = append(forkLast, r)
		}
		if i == 0 {
			forkFirst = append(forkFirst, []byte("forked first entry\n"))
		} else {
			forkFirst = append(forkFirst, r)
		}
	}
	tree, err := buildTree(records)
	if err != nil {
		return err
	}
	fork1, err := buildTree(forkLast)
	if err != nil {
		return err
	}
	fork0, err := buildTree(forkFirst)
	if err != nil {
		return err
	}

	// 1. tlog agrees with a direct RFC 6962 transcription, and its proofs check, for every size.
	for n := int64(0); n <= N; n++ {
		if got, want := tree.root(n), rfc6962Root(records[:n]); got != want {
			return fmt.Errorf("selftest: tlog root of size %d = %s, RFC 6962 says %s", n, got, want)
		}
		for i := int64(0); i < n; i++ {
			p, err := tlog.ProveRecord(n, i, tree)
			if err != nil {
				return err
			}
			if err := tlog.CheckRecord(p, n, tree.root(n), i, tlog.RecordHash(records[i])); err != nil {
				return fmt.Errorf("selftest: CheckRecord(%d, %d): %v", i, n, err)
			}
		}
		for m := int64(1); m <= n; m++ {
			p, err := tlog.ProveTree(n, m, tree)
			if err != nil {
				return err
			}
			if err := tlog.CheckTree(p, n, tree.root(n), m, tree.root(m)); err != nil {
				return fmt.Errorf("selftest: CheckTree(%d->%d): %v", m, n, err)
			}
		}
	}
	fmt.Fprintf(out, "selftest ok: tlog matches RFC 6962 MTH and its proofs check for sizes 0..%d\n", N)

	// 2. Files in Chancery's formats.
	dir, err := ioutil.TempDir("", "tlogcheck-selftest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := ioutil.WriteFile(p, data, 0o644); err != nil {
			panic(err)
		}
		return p
	}
	must := func(b []byte, err error) []byte {
		if err != nil {
			panic(err)
		}
		return b
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return err
	}
	cpFile := write("checkpoint", must(signCheckpoint(skey, cpBody(origin, N, tree.root(N)))))
	if v, err := note.NewVerifier(vkey); err != nil || v.Name() != origin {
		return fmt.Errorf("selftest: generated key does not parse: %v", err)
	}
	incl := []string{
		write("incl-first.json", must(inclusionFile(tree, 0, N))),
		write("incl-last.json", must(inclusionFile(tree, N-1, N))),
		write("incl-mid.json", must(inclusionFile(tree, mid/2, mid))),
	}
	cons := []string{
		write("cons-1.json", must(consistencyFile(tree, 1, N))),
		write("cons-mid.json", must(consistencyFile(tree, mid, N))),
		write("cons-last.json", must(consistencyFile(tree, N-1, N))),
		write("cons-same.json", must(consistencyFile(tree, N, N))),
	}
	var buf bytes.Buffer
	if err := run(vkey, cpFile, incl, cons, &buf); err != nil {
		return fmt.Errorf("selftest: valid files rejected: %v", err)
	}
	if got := strings.Count("\n"+buf.String(), "\nok "); got != 1+len(incl)+len(cons) {
		return fmt.Errorf("selftest: %d ok lines, want %d:\n%s", got, 1+len(incl)+len(cons), buf.String())
	}
	fmt.Fprintf(out, "selftest ok: valid checkpoint, %d inclusion and %d consistency proofs accepted\n",
		len(incl), len(cons))

	// A cosignature by a key we do not know is ignored (C2SP witnesses); ours must still verify.
	skey2, _, _ := note.GenerateKey(rand.Reader, "witness.example/w1")
	s1, _ := note.NewSigner(skey)
	s2, _ := note.NewSigner(skey2)
	cosigned := write("cp-cosigned", must(note.Sign(&note.Note{Text: cpBody(origin, N, tree.root(N))}, s1, s2)))
	if err := run(vkey, cosigned, nil, nil, ioutil.Discard); err != nil {
		return fmt.Errorf("selftest: cosigned checkpoint rejected: %v", err)
	}
	// The empty tree.
	cpEmpty := write("cp-empty", must(signCheckpoint(skey, cpBody(origin, 0, emptyRoot))))
	if err := run(vkey, cpEmpty, nil, nil, ioutil.Discard); err != nil {
		return fmt.Errorf("selftest: empty-tree checkpoint rejected: %v", err)
	}
	fmt.Fprintf(out, "selftest ok: cosigned and empty-tree checkpoints accepted\n")

	// 3. Negative checks: each must fail, for the stated reason.
	_, wrongKey, _ := note.GenerateKey(rand.Reader, origin)
	const otherName = "chancery/audit/ffffffffffffffff"
	skOther, vkOther, _ := note.GenerateKey(rand.Reader, otherName)
	cpBytes := must(ioutil.ReadFile(cpFile))
	inclFirst := must(ioutil.ReadFile(incl[0]))
	consMid := must(ioutil.ReadFile(cons[1]))
	randomRoot := tlog.RecordHash([]byte("not a root"))

	type negative struct {
		name   string
		vkey   string
		cp     []byte
		incl   [][]byte
		cons   [][]byte
		reason string // substring of the expected error
	}
	negatives := []negative{
		{name: "wrong key (same name)", vkey: wrongKey, cp: cpBytes, reason: "no signature by key"},
		{name: "wrong key (other name)", vkey: vkOther, cp: cpBytes, reason: "no signature by key"},
		{name: "malformed key", vkey: strings.Replace(vkey, "+", "+0", 1), cp: cpBytes, reason: "verifier key"},
		{name: "tampered checkpoint size", vkey: vkey,
			cp:     bytes.Replace(cpBytes, []byte(fmt.Sprintf("\n%d\n", N)), []byte(fmt.Sprintf("\n%d\n", N+1)), 1),
			reason: "invalid signature"},
		{name: "tampered signature", vkey: vkey,
			cp: func() []byte {
				b := append([]byte(nil), cpBytes...)
				i := bytes.LastIndexByte(b[:len(b)-1], ' ') + 10
				if b[i] == 'A' {
					b[i] = 'B'
				} else {
					b[i] = 'A'
				}
				return b
			}(), reason: "invalid signature"},
		{name: "origin line differs from key name (validly signed)", vkey: vkOther,
			cp: must(signCheckpoint(skOther, cpBody(origin, N, tree.root(N)))), reason: "differs from key name"},
		{name: "size with leading zero", vkey: vkey,
			cp:     must(signCheckpoint(skey, fmt.Sprintf("%s\n0%d\n%s\n", origin, N, b64(tree.root(N))))),
			reason: "canonical decimal"},
		{name: "size with sign", vkey: vkey,
			cp:     must(signCheckpoint(skey, fmt.Sprintf("%s\n+%d\n%s\n", origin, N, b64(tree.root(N))))),
			reason: "canonical decimal"},
		{name: "root of 31 bytes", vkey: vkey,
			cp: must(signCheckpoint(skey, fmt.Sprintf("%s\n%d\n%s\n", origin, N,
				base64.StdEncoding.EncodeToString(make([]byte, 31))))), reason: "31 bytes"},
		{name: "two-line body", vkey: vkey,
			cp: must(signCheckpoint(skey, fmt.Sprintf("%s\n%d\n", origin, N))), reason: "at least 3"},
		{name: "empty tree with zero root", vkey: vkey,
			cp: must(signCheckpoint(skey, cpBody(origin, 0, tlog.Hash{}))), reason: "empty tree"},
		{name: "flipped inclusion proof byte", vkey: vkey, cp: cpBytes,
			incl: [][]byte{mutateJSON(inclFirst, flipProofByte(0))}, reason: "invalid transparency proof"},
		{name: "flipped consistency proof byte", vkey: vkey, cp: cpBytes,
			cons: [][]byte{mutateJSON(consMid, flipProofByte(0))}, reason: "invalid transparency proof"},
		{name: "wrong leaf hash", vkey: vkey, cp: cpBytes,
			incl: [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) {
				m["leaf_hash"] = b64(tlog.RecordHash([]byte("entry 1\n")))
			})}, reason: "invalid transparency proof"},
		{name: "wrong inclusion root", vkey: vkey, cp: cpBytes,
			incl:   [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) { m["root"] = b64(randomRoot) })},
			reason: "invalid transparency proof"},
		{name: "wrong consistency old_root", vkey: vkey, cp: cpBytes,
			cons:   [][]byte{mutateJSON(consMid, func(m map[string]interface{}) { m["old_root"] = b64(randomRoot) })},
			reason: "invalid transparency proof"},
		{name: "index off by one", vkey: vkey, cp: cpBytes,
			incl:   [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) { m["index"] = 1 })},
			reason: "invalid transparency proof"},
		{name: "extra proof hash", vkey: vkey, cp: cpBytes,
			incl: [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) {
				m["proof"] = append(m["proof"].([]interface{}), b64(randomRoot))
			})}, reason: "invalid transparency proof"},
		{name: "self-consistent inclusion from a fork, at the checkpoint size", vkey: vkey, cp: cpBytes,
			incl: [][]byte{must(inclusionFile(fork1, 0, N))}, reason: "differs from the root"},
		{name: "self-consistent consistency from a fork, to the checkpoint size", vkey: vkey, cp: cpBytes,
			cons: [][]byte{must(consistencyFile(fork1, mid, N))}, reason: "differs from the root"},
		{name: "two files disagree on the root of a smaller tree", vkey: vkey, cp: cpBytes,
			incl: [][]byte{must(inclusionFile(fork0, 0, mid))}, cons: [][]byte{consMid},
			reason: "differs from the root"},
		{name: "proof size beyond checkpoint", vkey: vkey,
			cp:     must(signCheckpoint(skey, cpBody(origin, mid, tree.root(mid)))),
			incl:   [][]byte{inclFirst},
			reason: "beyond the checkpoint"},
		{name: "consistency from 0", vkey: vkey, cp: cpBytes,
			cons: [][]byte{mutateJSON(consMid, func(m map[string]interface{}) {
				m["from"] = 0
				m["old_root"] = b64(emptyRoot)
			})}, reason: "need 1 <= from"},
		{name: "unknown JSON field", vkey: vkey, cp: cpBytes,
			incl:   [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) { m["extra"] = 1 })},
			reason: "unknown field"},
		{name: "missing JSON field", vkey: vkey, cp: cpBytes,
			incl:   [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) { delete(m, "leaf_hash") })},
			reason: "missing field"},
		{name: "null proof", vkey: vkey, cp: cpBytes,
			incl:   [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) { m["proof"] = nil })},
			reason: "missing field"},
		{name: "non-canonical base64", vkey: vkey, cp: cpBytes,
			incl: [][]byte{mutateJSON(inclFirst, func(m map[string]interface{}) {
				m["root"] = strings.TrimRight(m["root"].(string), "=")
			})}, reason: "base64"},
		{name: "trailing JSON", vkey: vkey, cp: cpBytes,
			incl: [][]byte{append(append([]byte(nil), inclFirst...), []byte(" {}")...)}, reason: "trailing"},
	}
	for i, neg := range negatives {
		cpPath := write(fmt.Sprintf("neg%d-checkpoint", i), neg.cp)
		var ip, cq []string
		for j, d := range neg.incl {
			ip = append(ip, write(fmt.Sprintf("neg%d-incl%d.json", i, j), d))
		}
		for j, d := range neg.cons {
			cq = append(cq, write(fmt.Sprintf("neg%d-cons%d.json", i, j), d))
		}
		err := run(neg.vkey, cpPath, ip, cq, ioutil.Discard)
		if err == nil {
			return fmt.Errorf("selftest: negative case %q was accepted", neg.name)
		}
		if !strings.Contains(err.Error(), neg.reason) {
			return fmt.Errorf("selftest: negative case %q failed for the wrong reason: %v (want %q)",
				neg.name, err, neg.reason)
		}
		fmt.Fprintf(out, "selftest ok: rejected %s: %v\n", neg.name, err)
	}
	fmt.Fprintf(out, "selftest passed: %d negative cases rejected\n", len(negatives))
	return nil
}
