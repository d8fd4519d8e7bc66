// Lab 8: configure, don't hardcode.
// This function's settings are written into its code: moving it to another table or stage
// means changing the code, and everyone who can read the code (or the log) has the API key.
// Its function.json already sets TABLE_NAME, STAGE and DISCOUNTS_ENABLED.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
)

type Response struct {
	Table             string `json:"table"`
	Stage             string `json:"stage"`
	Discounts         bool   `json:"discounts"`
	APIKeyFingerprint string `json:"apiKeyFingerprint"`
}

// Your code here: read these from the environment, and the API key from the encrypted
// variable API_KEY, decrypted once, at init (in main, before lambda.Start), with the AWS SDK's
// KMS client (github.com/aws/aws-sdk-go-v2/config and service/kms, already in go.mod).
var (
	tableName        = "orders-dev"
	stage            = "dev"
	discountsEnabled = false
	apiKey           = "dojo-demo-key-8c41f0e2"
)

func handler(ctx context.Context, event map[string]interface{}) (Response, error) {
	// A short fingerprint tells keys apart without showing them: the first 12 hex digits of the SHA-256.
	sum := sha256.Sum256([]byte(apiKey))
	return Response{Table: tableName, Stage: stage, Discounts: discountsEnabled, APIKeyFingerprint: hex.EncodeToString(sum[:])[:12]}, nil
}

func main() {
	fmt.Printf("Starting: table=%s stage=%s discounts=%t apiKey=%s\n", tableName, stage, discountsEnabled, apiKey)
	lambda.Start(handler)
}
