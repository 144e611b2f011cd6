package serve

import "sync"

// event is one Server-Sent Event.
type event struct {
	name, data string
}

// hub fans events out to the browsers listening.
type hub struct {
	mu     sync.Mutex
	subs   map[chan event]bool
	closed bool
}

func newHub() *hub { return &hub{subs: map[chan event]bool{}} }

// subscribe returns a channel of events, closed when the hub closes, and a
// function that unsubscribes.
func (h *hub) subscribe() (<-chan event, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan event, 16)
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	h.subs[ch] = true
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.subs[ch] {
			delete(h.subs, ch)
			close(ch)
		}
	}
}

// send delivers an event to every subscriber; a browser too slow to take it
// misses it (it reconnects and gets the current state).
func (h *hub) send(name, data string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- event{name, data}:
		default:
		}
	}
}

// close ends every subscription, so that the event streams return.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		close(ch)
		delete(h.subs, ch)
	}
}
