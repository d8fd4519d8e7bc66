package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

type request struct {
	Country string `json:"country"`
}

type answer struct {
	Country      string `json:"country"`
	RatePercent  int    `json:"ratePercent"`
	AssetVersion string `json:"assetVersion"`
}

type rateTable struct {
	Version string         `json:"version"`
	Rates   map[string]int `json:"rates"`
}

var (
	assetURL = os.Getenv("ASSET_URL")
	client   = &http.Client{Timeout: 5 * time.Second}
)

func handler(ctx context.Context, event request) (answer, error) {
	// Downloaded again on every invocation.
	res, err := client.Get(assetURL)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return answer{}, fmt.Errorf("GET %s: %d", assetURL, res.StatusCode)
	}
	var table rateTable
	if err := json.NewDecoder(res.Body).Decode(&table); err != nil {
		return answer{}, err
	}
	return answer{Country: event.Country, RatePercent: table.Rates[event.Country], AssetVersion: table.Version}, nil
}

func main() {
	lambda.Start(handler)
}
