// Package kms decrypts environment variables encrypted with `npm run encrypt`: the call a
// Lambda function makes with the AWS SDK (kms.Client.Decrypt), written with the standard
// library against the local key service at AWS_ENDPOINT_URL_KMS. Call it during init (in main,
// before lambda.Start) and keep the result: one KMS call per execution environment, not one
// per invocation.
//
//	apiKey, err := kms.Decrypt(os.Getenv("API_KEY"))
//	if err != nil {
//		log.Fatal(err)
//	}
package kms

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// Error is an error KMS answered with; Type is its type, such as InvalidCiphertextException.
type Error struct {
	Type    string
	Message string
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

var client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}}

// Decrypt returns the plaintext of a base64 CiphertextBlob made without an encryption context.
func Decrypt(ciphertextBase64 string) (string, error) {
	return DecryptWithContext(ciphertextBase64, map[string]string{})
}

// DecryptWithContext returns the plaintext of a base64 CiphertextBlob made with this encryption context.
func DecryptWithContext(ciphertextBase64 string, encryptionContext map[string]string) (string, error) {
	endpoint := os.Getenv("AWS_ENDPOINT_URL_KMS")
	if endpoint == "" {
		return "", &Error{"KMSError", "AWS_ENDPOINT_URL_KMS is not set: kms.Decrypt works inside the Lambda Dojo runtime."}
	}
	if ciphertextBase64 == "" {
		return "", errors.New(`kms.Decrypt needs the encrypted value (base64 text), e.g. kms.Decrypt(os.Getenv("API_KEY"))`)
	}
	if encryptionContext == nil {
		encryptionContext = map[string]string{}
	}
	body, _ := json.Marshal(map[string]interface{}{"CiphertextBlob": ciphertextBase64, "EncryptionContext": encryptionContext})
	request, err := http.NewRequest(http.MethodPost, endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return "", &Error{"KMSError", err.Error()}
	}
	request.Header.Set("Content-Type", "application/x-amz-json-1.1")
	request.Header.Set("X-Amz-Target", "TrentService.Decrypt")
	response, err := client.Do(request)
	if err != nil {
		return "", &Error{"KMSError", fmt.Sprintf("the key service at %s did not answer: %v", endpoint, err)}
	}
	defer response.Body.Close()
	text, err := io.ReadAll(response.Body)
	if err != nil {
		return "", &Error{"KMSError", err.Error()}
	}
	var answer struct {
		Type      string `json:"__type"`
		Message   string `json:"message"`
		Plaintext string `json:"Plaintext"`
	}
	if len(text) > 0 {
		if err := json.Unmarshal(text, &answer); err != nil {
			return "", &Error{"KMSError", fmt.Sprintf("the answer is not JSON: %s", text)}
		}
	}
	if response.StatusCode != http.StatusOK {
		if answer.Type == "" {
			answer.Type = "KMSError"
		}
		if answer.Message == "" {
			answer.Message = fmt.Sprintf("KMS answered %d", response.StatusCode)
		}
		return "", &Error{answer.Type, answer.Message}
	}
	plain, err := base64.StdEncoding.DecodeString(answer.Plaintext)
	if err != nil {
		return "", &Error{"KMSError", "the answer's Plaintext is not base64"}
	}
	return string(plain), nil
}
