package lambdadojo.kms;

/** KMS answered with an error; {@link #getErrorType()} is its type, such as InvalidCiphertextException. */
public final class KmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorType;

    public KmsException(String errorType, String message) {
        super(errorType + ": " + message);
        this.errorType = errorType;
    }

    public String getErrorType() {
        return errorType;
    }
}
