package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
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
	CachedFile   string `json:"cachedFile"`
}

type rateTable struct {
	Version string         `json:"version"`
	Rates   map[string]int `json:"rates"`
}

var (
	assetURL   = os.Getenv("ASSET_URL")
	client     = &http.Client{Timeout: 5 * time.Second}
	cachedFile string
)

// /tmp belongs to the execution environment and outlives each invocation: the first invocation
// of an environment downloads the asset, every later one reads it from here.
func init() {
	u, err := url.Parse(assetURL)
	if err != nil {
		panic(err)
	}
	cachedFile = filepath.Join(os.TempDir(), path.Base(u.Path))
}

func download() error {
	res, err := client.Get(assetURL)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", assetURL, res.StatusCode)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	// Written under another name first, so a half-written file is never taken for the asset.
	partial := cachedFile + ".partial"
	if err := os.WriteFile(partial, body, 0o644); err != nil {
		return err
	}
	return os.Rename(partial, cachedFile)
}

func rates() (rateTable, error) {
	var table rateTable
	if _, err := os.Stat(cachedFile); err != nil {
		if err := download(); err != nil {
			return table, err
		}
	}
	data, err := os.ReadFile(cachedFile)
	if err != nil {
		return table, err
	}
	err = json.Unmarshal(data, &table)
	return table, err
}

func handler(ctx context.Context, event request) (answer, error) {
	table, err := rates()
	if err != nil {
		return answer{}, err
	}
	return answer{Country: event.Country, RatePercent: table.Rates[event.Country], AssetVersion: table.Version, CachedFile: cachedFile}, nil
}

func main() {
	lambda.Start(handler)
}
