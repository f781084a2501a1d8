// Package digest computes the hex digests sumtool prints.
package digest

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"sort"
)

var algorithms = map[string]func() hash.Hash{
	"crc32":  func() hash.Hash { return crc32.NewIEEE() },
	"md5":    md5.New,
	"sha1":   sha1.New,
	"sha256": sha256.New,
	"sha512": sha512.New,
}

// Names lists the supported algorithms, sorted.
func Names() []string {
	names := make([]string, 0, len(algorithms))
	for name := range algorithms {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Sum returns the hex digest of data with the named algorithm.
func Sum(algorithm string, data []byte) (string, error) {
	newHash, ok := algorithms[algorithm]
	if !ok {
		return "", fmt.Errorf("unknown algorithm %q (have %v)", algorithm, Names())
	}
	h := newHash()
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil)), nil
}
