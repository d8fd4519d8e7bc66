package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

type request struct {
	SKU string `json:"sku"`
}

type quote struct {
	SKU        string `json:"sku"`
	PriceCents int    `json:"priceCents"`
}

var backend = os.Getenv("BACKEND_URL")

// call sends one request with the given client and decodes the JSON answer.
func call(client *http.Client, method, path, token string, out any) error {
	req, err := http.NewRequest(method, backend+path, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

func handler(ctx context.Context, event request) (quote, error) {
	// A new client, with a transport of its own, and a new connection on every invocation.
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	var session struct {
		Token string `json:"token"`
	}
	if err := call(client, http.MethodPost, "/connect", "", &session); err != nil {
		return quote{}, err
	}
	var price quote
	if err := call(client, http.MethodGet, "/prices/"+url.PathEscape(event.SKU), session.Token, &price); err != nil {
		return quote{}, err
	}
	return quote{SKU: event.SKU, PriceCents: price.PriceCents}, nil
}

func main() {
	lambda.Start(handler)
}
