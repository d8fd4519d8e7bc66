package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
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

// Made once per execution environment, in main() before lambda.Start: every warm invocation
// reuses the client, and its transport keeps the TCP connection alive between them.
var (
	backend string
	client  *http.Client
	token   string
)

// call sends one request and decodes the JSON answer; the body is read to the end and closed,
// so the connection goes back to the pool for the next request.
func call(method, path, token string, out any) error {
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
	var price quote
	if err := call(http.MethodGet, "/prices/"+url.PathEscape(event.SKU), token, &price); err != nil {
		return quote{}, err
	}
	return quote{SKU: event.SKU, PriceCents: price.PriceCents}, nil
}

func main() {
	backend = os.Getenv("BACKEND_URL")
	client = &http.Client{Timeout: 5 * time.Second}
	var session struct {
		Token string `json:"token"`
	}
	if err := call(http.MethodPost, "/connect", "", &session); err != nil {
		log.Fatalf("connecting to the backend: %v", err)
	}
	token = session.Token
	lambda.Start(handler)
}
