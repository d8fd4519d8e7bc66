package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"lambdadojo.local/kms"
)

type Response struct {
	Table             string `json:"table"`
	Stage             string `json:"stage"`
	Discounts         bool   `json:"discounts"`
	APIKeyFingerprint string `json:"apiKeyFingerprint"`
}

// Set once in main, at init; the handler only reads them.
var (
	tableName         string
	stage             string
	discountsEnabled  bool
	apiKeyFingerprint string
)

func handler(ctx context.Context, event map[string]interface{}) (Response, error) {
	return Response{Table: tableName, Stage: stage, Discounts: discountsEnabled, APIKeyFingerprint: apiKeyFingerprint}, nil
}

func main() {
	// Settings come from the configuration, read once per execution environment: a changed
	// configuration starts new environments.
	tableName = os.Getenv("TABLE_NAME")
	stage = os.Getenv("STAGE")
	discountsEnabled = os.Getenv("DISCOUNTS_ENABLED") == "true"

	// Decrypted at init, once per environment; the plain key stays in memory only.
	apiKey, err := kms.Decrypt(os.Getenv("API_KEY"))
	if err != nil {
		log.Fatalf("decrypting API_KEY: %v", err)
	}
	sum := sha256.Sum256([]byte(apiKey))
	apiKeyFingerprint = hex.EncodeToString(sum[:])[:12]

	fmt.Printf("Starting: table=%s stage=%s discounts=%t apiKey fingerprint=%s\n", tableName, stage, discountsEnabled, apiKeyFingerprint)
	lambda.Start(handler)
}
