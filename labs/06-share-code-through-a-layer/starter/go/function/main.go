package main

// Lab 6: share code through a layer.
// The team formats prices with dojo-format, a command shared through a layer so that every
// function, whatever its language, formats the same way. This function still carries its
// own old copy of the formatting rule (money, below), taken from dojo-format 1.4.0.

import (
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

type Event struct {
	Cents    int64  `json:"cents"`
	Currency string `json:"currency"`
}

type Response struct {
	Price         string `json:"price"`
	FormatVersion string `json:"formatVersion"`
	FormatPath    string `json:"formatPath"`
}

// money is the copy of dojo-format 1.4.0's rule: 1205 EUR -> "12.5 EUR".
func money(cents int64, currency string) string {
	return fmt.Sprintf("%d.%d %s", cents/100, cents%100, currency)
}

func handler(event Event) (Response, error) {
	currency := event.Currency
	if currency == "" {
		currency = "EUR"
	}
	price := money(event.Cents, currency)
	// The rule is compiled into this program, so it comes from the function's own package.
	path, err := os.Executable()
	if err != nil {
		return Response{}, err
	}
	fmt.Printf("Formatted %s with the built-in copy of dojo-format 1.4.0 in %s\n", price, path)
	return Response{Price: price, FormatVersion: "1.4.0", FormatPath: path}, nil
}

func main() {
	lambda.Start(handler)
}
