package gatewayworker

import (
	"context"
	"time"
)

// backoff is a reconnect delay: first, doubling up to max, until reset.
type backoff struct {
	first, max, next time.Duration
}

func newBackoff(first, max time.Duration) *backoff {
	return &backoff{first: first, max: max, next: first}
}

func (b *backoff) reset() { b.next = b.first }

// wait sleeps for the current delay (false if ctx ended first) and doubles it.
func (b *backoff) wait(ctx context.Context) bool {
	timer := time.NewTimer(b.next)
	defer timer.Stop()
	b.next = min(2*b.next, b.max)
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
