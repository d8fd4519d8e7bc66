package core

import "testing"

func TestFiveHundredCentsPlusTwoPerStartedHundredGrams(t *testing.T) {
	if got := ShippingCents(1250, false); got != 526 {
		t.Fatalf("got %d, want 526", got)
	}
}

func TestExpressDoublesThePrice(t *testing.T) {
	if got := ShippingCents(1250, true); got != 1052 {
		t.Fatalf("got %d, want 1052", got)
	}
}
