// Command go_sort_oracle prints the order Go's sort.Sort leaves equal keys in.
//
// Input on stdin: a JSON array of vectors, each an array of integer keys.
// Output on stdout: {"go": runtime.Version(), "permutations": [...]}, one
// permutation per vector: the original indices of the keys, in the order
// sort.Sort (not stable) puts them when sorting the indices by key.
package main

import (
	"encoding/json"
	"os"
	"runtime"
	"sort"
)

// byKey sorts indices by their keys, so ties stay visible in the result.
type byKey struct {
	keys    []int
	indices []int
}

func (s byKey) Len() int           { return len(s.indices) }
func (s byKey) Less(i, j int) bool { return s.keys[s.indices[i]] < s.keys[s.indices[j]] }
func (s byKey) Swap(i, j int)      { s.indices[i], s.indices[j] = s.indices[j], s.indices[i] }

type output struct {
	Go           string  `json:"go"`
	Permutations [][]int `json:"permutations"`
}

func main() {
	var vectors [][]int
	if err := json.NewDecoder(os.Stdin).Decode(&vectors); err != nil {
		panic(err)
	}
	result := output{Go: runtime.Version(), Permutations: make([][]int, 0, len(vectors))}
	for _, keys := range vectors {
		indices := make([]int, len(keys))
		for i := range indices {
			indices[i] = i
		}
		sort.Sort(byKey{keys: keys, indices: indices})
		result.Permutations = append(result.Permutations, indices)
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		panic(err)
	}
}
