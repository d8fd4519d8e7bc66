package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
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

	// Decrypted at init, once per environment; the plain key stays in memory only. The SDK finds
	// the region, the function's credentials and the KMS endpoint in the environment.
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("loading the AWS configuration: %v", err)
	}
	ciphertext, err := base64.StdEncoding.DecodeString(os.Getenv("API_KEY"))
	if err != nil {
		log.Fatalf("API_KEY is not base64: %v", err)
	}
	decrypted, err := kms.NewFromConfig(cfg).Decrypt(context.Background(), &kms.DecryptInput{CiphertextBlob: ciphertext})
	if err != nil {
		log.Fatalf("decrypting API_KEY: %v", err)
	}
	sum := sha256.Sum256(decrypted.Plaintext)
	apiKeyFingerprint = hex.EncodeToString(sum[:])[:12]

	fmt.Printf("Starting: table=%s stage=%s discounts=%t apiKey fingerprint=%s\n", tableName, stage, discountsEnabled, apiKeyFingerprint)
	lambda.Start(handler)
}
