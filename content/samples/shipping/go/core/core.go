// Package core holds the shipping rules: plain values in, plain values out; nothing of Lambda.
package core

// ShippingCents is 500 cents plus 2 per started 100 g, doubled for express.
func ShippingCents(weightGrams int64, express bool) int64 {
	standard := 500 + 2*((weightGrams+99)/100)
	if express {
		return standard * 2
	}
	return standard
}
