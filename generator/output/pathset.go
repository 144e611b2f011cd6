package output

import (
	"hash/maphash"
	"slices"
)

// pathSet is a set of paths the collector need not scan: their bytes one
// after another in one slice, found by their hash in an open-addressing
// table of their numbers. A build into an empty folder adds every page's
// path, 320,000 at 100,000 stories: as a map of strings they were 320,000
// objects and the map's slots of pointers, which every cycle of the
// collector marked again (some 105 cycles in such a build, one every few
// hundred milliseconds). Into tmpfs, the collector's CPU time in such a
// build was 6.2 and 6.7 s with the map, 5.3 and 5.6 s with the set.
//
// It is not safe for concurrent use.
type pathSet struct {
	seed  maphash.Seed
	bytes []byte  // the paths, one after another
	ends  []int   // where each path ends in bytes, in the order added
	slots []int32 // a path's number plus one, or 0; a power of two long
}

// add adds p, and reports false when p was in the set already.
func (s *pathSet) add(p string) bool {
	if (len(s.ends)+1)*4 > len(s.slots)*3 {
		s.grow()
	}
	i, found := s.find(p)
	if found {
		return false
	}
	s.bytes = append(s.bytes, p...)
	s.ends = append(s.ends, len(s.bytes))
	s.slots[i] = int32(len(s.ends))
	return true
}

// has reports whether p is in the set.
func (s *pathSet) has(p string) bool {
	if len(s.ends) == 0 {
		return false
	}
	_, found := s.find(p)
	return found
}

// len returns how many paths the set holds.
func (s *pathSet) len() int { return len(s.ends) }

// sorted returns the paths sorted, as substrings of one string.
func (s *pathSet) sorted() []string {
	all := string(s.bytes)
	list := make([]string, len(s.ends))
	start := 0
	for i, end := range s.ends {
		list[i], start = all[start:end], end
	}
	slices.Sort(list)
	return list
}

// path returns the path numbered n (from 0).
func (s *pathSet) path(n int) []byte {
	start := 0
	if n > 0 {
		start = s.ends[n-1]
	}
	return s.bytes[start:s.ends[n]]
}

// find returns p's slot and true, or the empty slot where p goes and false.
func (s *pathSet) find(p string) (int, bool) {
	mask := len(s.slots) - 1
	for i := int(maphash.String(s.seed, p)) & mask; ; i = (i + 1) & mask {
		n := s.slots[i]
		if n == 0 {
			return i, false
		}
		if string(s.path(int(n-1))) == p {
			return i, true
		}
	}
}

// grow doubles the table (or makes the first) and places every path again.
func (s *pathSet) grow() {
	if len(s.slots) == 0 {
		s.seed = maphash.MakeSeed()
	}
	s.slots = make([]int32, max(64, 2*len(s.slots)))
	mask := len(s.slots) - 1
	for n := range s.ends {
		i := int(maphash.Bytes(s.seed, s.path(n))) & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = int32(n + 1)
	}
}
