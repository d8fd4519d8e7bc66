// Package core holds the pricing rules: plain values in, plain values out. Nothing here knows
// about Lambda, events or contexts, so a unit test calls it directly.
package core

// Item is one line of an order.
type Item struct {
	SKU            string `json:"sku"`
	UnitPriceCents int64  `json:"unitPriceCents"`
	Quantity       int64  `json:"quantity"`
}

// Quote is the price of an order.
type Quote struct {
	SubtotalCents int64 `json:"subtotalCents"`
	DiscountCents int64 `json:"discountCents"`
	TotalCents    int64 `json:"totalCents"`
}

var coupons = map[string]func(subtotal int64) int64{
	"SAVE10":  func(subtotal int64) int64 { return subtotal * 10 / 100 },
	"FLAT500": func(subtotal int64) int64 { return min(500, subtotal) },
}

// PriceOrder prices the items with an optional coupon code ("" for none).
func PriceOrder(items []Item, coupon string) Quote {
	var subtotal int64
	for _, item := range items {
		subtotal += item.UnitPriceCents * item.Quantity
	}
	var discount int64
	if rule, ok := coupons[coupon]; ok {
		discount = rule(subtotal)
	}
	return Quote{SubtotalCents: subtotal, DiscountCents: discount, TotalCents: subtotal - discount}
}
