package dev.bodycheck.transport;

/**
 * Bounds on what a response may make us buffer. Each is checked while reading, before the bytes are
 * kept, so a hostile or broken server costs at most these many bytes and then a
 * {@link LimitExceededException}. Immutable; change one with a {@code with...} method.
 */
public final class Limits {
    private static final Limits DEFAULTS = new Limits(8 * 1024, 100, 64 * 1024, 1L << 30, 64L << 20);

    private final int maxLineLength;
    private final int maxHeaderCount;
    private final int maxHeaderBytes;
    private final long maxChunkSize;
    private final long maxBufferedBody;

    private Limits(int maxLineLength, int maxHeaderCount, int maxHeaderBytes, long maxChunkSize,
            long maxBufferedBody) {
        if (maxLineLength < 64 || maxLineLength > 16000) {
            throw new IllegalArgumentException("maxLineLength must be 64..16000: " + maxLineLength);
        }
        if (maxHeaderCount < 1 || maxHeaderBytes < maxLineLength || maxChunkSize < 1 || maxBufferedBody < 0
                || maxBufferedBody > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limits must be positive, and maxHeaderBytes >= maxLineLength");
        }
        this.maxLineLength = maxLineLength;
        this.maxHeaderCount = maxHeaderCount;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxChunkSize = maxChunkSize;
        this.maxBufferedBody = maxBufferedBody;
    }

    /** 8 KiB lines, 100 header fields, 64 KiB of header section, 1 GiB chunks, 64 MiB for bytes() and string(). */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** The longest status line, header line or chunk-size line, without its CRLF. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /** The most header fields in one response head (and separately, in its trailers). */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** The most bytes in one header section (status line and fields, or the trailers). */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** The largest size one chunk may declare. */
    public long maxChunkSize() {
        return maxChunkSize;
    }

    /**
     * The most bytes {@link ResponseBody#bytes()} and {@link ResponseBody#string()} hold in memory: a body
     * that announces or turns out to be longer fails with a {@link LimitExceededException} (stream it with
     * {@code read} instead).
     */
    public long maxBufferedBody() {
        return maxBufferedBody;
    }

    public Limits withMaxLineLength(int n) {
        return new Limits(n, maxHeaderCount, Math.max(n, maxHeaderBytes), maxChunkSize, maxBufferedBody);
    }

    public Limits withMaxHeaderCount(int n) {
        return new Limits(maxLineLength, n, maxHeaderBytes, maxChunkSize, maxBufferedBody);
    }

    public Limits withMaxHeaderBytes(int n) {
        return new Limits(maxLineLength, maxHeaderCount, n, maxChunkSize, maxBufferedBody);
    }

    public Limits withMaxChunkSize(long n) {
        return new Limits(maxLineLength, maxHeaderCount, maxHeaderBytes, n, maxBufferedBody);
    }

    public Limits withMaxBufferedBody(long n) {
        return new Limits(maxLineLength, maxHeaderCount, maxHeaderBytes, maxChunkSize, n);
    }
}
