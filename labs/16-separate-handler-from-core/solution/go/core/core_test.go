package core

import "testing"

var items = []Item{
	{SKU: "A", UnitPriceCents: 1250, Quantity: 2},
	{SKU: "B", UnitPriceCents: 399, Quantity: 1},
}

func TestAddsUpUnitPriceTimesQuantity(t *testing.T) {
	if got, want := PriceOrder(items, ""), (Quote{2899, 0, 2899}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestSave10TakesTenPercentRoundedDown(t *testing.T) {
	if got, want := PriceOrder(items, "SAVE10"), (Quote{2899, 289, 2610}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestFlat500NeverTakesMoreThanTheSubtotal(t *testing.T) {
	got := PriceOrder([]Item{{SKU: "C", UnitPriceCents: 300, Quantity: 1}}, "FLAT500")
	if want := (Quote{300, 300, 0}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestUnknownCouponGivesNoDiscount(t *testing.T) {
	if got := PriceOrder(items, "NOPE").DiscountCents; got != 0 {
		t.Fatalf("discount %d, want 0", got)
	}
}
