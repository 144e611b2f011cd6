package cli

import (
	"errors"
	"os"
	"runtime"
	"runtime/pprof"
)

// profiles writes the pprof profiles that build's --cpuprofile and
// --memprofile ask for. A nil *profiles writes nothing.
type profiles struct {
	cpu     *os.File
	memFile string
}

// startProfiles starts a CPU profile into cpuFile, when named; the heap
// profile goes to memFile, when named, at the moment Heap is called.
func startProfiles(cpuFile, memFile string) (*profiles, error) {
	p := &profiles{memFile: memFile}
	if cpuFile != "" {
		f, err := os.Create(cpuFile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		p.cpu = f
	}
	return p, nil
}

// Heap writes the heap profile, after a collection, so that it shows what
// the build holds at that moment.
func (p *profiles) Heap() error {
	if p == nil || p.memFile == "" {
		return nil
	}
	f, err := os.Create(p.memFile)
	if err != nil {
		return err
	}
	runtime.GC()
	return errors.Join(pprof.Lookup("heap").WriteTo(f, 0), f.Close())
}

// Stop ends the CPU profile.
func (p *profiles) Stop() error {
	if p == nil || p.cpu == nil {
		return nil
	}
	pprof.StopCPUProfile()
	return p.cpu.Close()
}
