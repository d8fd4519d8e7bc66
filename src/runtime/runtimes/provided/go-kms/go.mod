module lambdadojo.local/kms

go 1.18
