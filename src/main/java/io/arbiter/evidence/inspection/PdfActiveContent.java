package io.arbiter.evidence.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.UnsupportedContentException;

/**
 * Refuses a PDF that carries what a viewer runs or opens rather than shows: JavaScript ({@code /JavaScript},
 * {@code /JS}), launch actions ({@code /Launch}), embedded files ({@code /EmbeddedFile}, {@code /EmbeddedFiles}),
 * Flash ({@code /RichMedia}) and additional actions ({@code /AA}, which run on opening a page or touching a field).
 * An {@code /OpenAction} is refused when its action is one of these.
 *
 * <p>A bounded scan of the names in the file rather than a parser: a parser would build the document's object graph
 * in memory from attacker-chosen numbers, while names are all that matters here and can be read as the bytes stream by,
 * keeping a few hundred bytes at a time. Names are decoded as a viewer decodes them ({@code /J#61vaScript} is
 * {@code /JavaScript}). Object streams, where PDF 1.5 and later put dictionaries in compressed form, are inflated as
 * they stream and their names read the same way; one that cannot be inflated is refused, as it cannot be checked.
 * Inside stream data (images, fonts, page content) only the long names count: two letters turn up by chance in
 * compressed data, while an action still has to name its type ({@code /S /JavaScript}, {@code /S /Launch}).
 */
final class PdfActiveContent {

    private static final Set<String> ACTIVE = Set.of("JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles",
            "RichMedia", "AA");
    /** Filters a viewer would apply to an object stream but this scan does not: what they encode stays unseen. */
    private static final Set<String> UNREAD_FILTERS = Set.of("ASCIIHexDecode", "ASCII85Decode", "LZWDecode",
            "RunLengthDecode", "Crypt", "AHx", "A85", "LZW", "RL");
    private static final int SHORT_NAME = 2;
    /** PDF caps names at 127 bytes; a longer one is not a name any viewer acts on. */
    private static final int MAX_NAME_BYTES = 3 * 127;
    private static final int MAX_EXPANSION_RATIO = 100;

    private PdfActiveContent() {
    }

    /** Reads the whole PDF from {@code in} ({@code size} bytes) and refuses it if it carries active content. */
    static void refuseActive(InputStream in, long size) {
        Lexer lexer = new Lexer(Math.max(InspectionLimits.RATIO_GRACE_BYTES, MAX_EXPANSION_RATIO * size));
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                lexer.feed(buffer, n);
            }
            lexer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lexer.release();
        }
    }

    /** Reads names and the stream keywords from bytes fed in order. */
    private static final class Lexer {

        private final long maxInflated;
        private final boolean inObjectStream;
        private final byte[] name = new byte[MAX_NAME_BYTES];
        private final byte[] word = new byte[9];
        private long position;
        private int nameLength = -1;
        private long nameStart;
        private int wordLength;
        private boolean inData;
        private boolean skipLineFeed;
        private boolean objectStreamNext;
        private String unreadFilter;
        private ObjectStream objectStream;
        private long inflated;
        private long objectStreamAt;

        Lexer(long maxInflated) {
            this(maxInflated, false);
        }

        private Lexer(long maxInflated, boolean inObjectStream) {
            this.maxInflated = maxInflated;
            this.inObjectStream = inObjectStream;
        }

        void feed(byte[] bytes, int length) {
            int dataFrom = inData ? 0 : -1;
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (skipLineFeed && b == '\n' && dataFrom == i) {
                    dataFrom = i + 1;
                }
                boolean wasInData = inData;
                read(b);
                if (!wasInData && inData) {
                    dataFrom = i + 1;
                } else if (wasInData && !inData) {
                    inflate(bytes, dataFrom, i + 1 - dataFrom);
                    dataFrom = -1;
                }
                position++;
            }
            if (dataFrom >= 0 && inData) {
                inflate(bytes, dataFrom, length - dataFrom);
            }
        }

        void end() {
            endName();
            endObjectStream();
        }

        /** Frees the inflater's native memory at once, also when a refusal ended the scan midway. */
        void release() {
            if (objectStream != null) {
                objectStream.inflater.end();
                objectStream = null;
            }
        }

        private void read(byte b) {
            int c = b & 0xFF;
            if (skipLineFeed) {
                skipLineFeed = false;
                if (c == '\n') {
                    return;
                }
            }
            boolean regular = isRegular(c);
            if (nameLength >= 0 && !regular) {
                endName();
            }
            if (c == '/') {
                nameLength = 0;
                nameStart = position;
            } else if (regular && nameLength >= 0) {
                if (nameLength < name.length) {
                    name[nameLength++] = b;
                }
            }
            if (regular) {
                if (wordLength == word.length) {
                    System.arraycopy(word, 1, word, 0, word.length - 1);
                    wordLength--;
                }
                word[wordLength++] = b;
            } else {
                endWord(c);
                wordLength = 0;
            }
        }

        private void endWord(int delimiter) {
            if (inData && endsWith("endstream")) {
                inData = false;
            } else if (!inData && !inObjectStream && wordIs("stream") && (delimiter == '\r' || delimiter == '\n')) {
                inData = true;
                skipLineFeed = delimiter == '\r';
                if (objectStreamNext && !inObjectStream) {
                    startObjectStream();
                }
                objectStreamNext = false;
            } else if (!inData && wordIs("endobj")) {
                objectStreamNext = false;
                unreadFilter = null;
            }
        }

        private boolean wordIs(String keyword) {
            return wordLength == keyword.length() && endsWith(keyword);
        }

        private boolean endsWith(String keyword) {
            int k = keyword.length();
            if (wordLength < k) {
                return false;
            }
            for (int i = 0; i < k; i++) {
                if (word[wordLength - k + i] != keyword.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void endName() {
            if (nameLength < 0) {
                return;
            }
            String decoded = decode(name, nameLength);
            nameLength = -1;
            if (decoded.equals("ObjStm")) {
                objectStreamNext = true;
            } else if (UNREAD_FILTERS.contains(decoded)) {
                unreadFilter = decoded;
            }
            if (ACTIVE.contains(decoded) && !(inData && decoded.length() == SHORT_NAME)) {
                String where = inObjectStream ? "in the object stream at byte " + nameStart
                        : "at byte " + nameStart;
                throw new UnsupportedContentException("file", "the PDF carries active content (/" + decoded + " "
                        + where + "): documents with JavaScript, launch actions, embedded files or automatic"
                        + " actions are not accepted; print it to a new PDF and upload that");
            }
        }

        private void startObjectStream() {
            if (unreadFilter != null) {
                throw unreadable("it is encoded with " + unreadFilter + ", which this check does not read");
            }
            objectStream = new ObjectStream();
            objectStreamAt = position + 1;
        }

        /** Passes stream data on to the object stream being read, if any; ends it with the data. */
        private void inflate(byte[] bytes, int from, int length) {
            if (objectStream != null && length > 0) {
                for (int at = from; at < from + length; ) {
                    int n = Math.min(from + length - at, objectStream.block.length - objectStream.blockLength);
                    System.arraycopy(bytes, at, objectStream.block, objectStream.blockLength, n);
                    objectStream.blockLength += n;
                    at += n;
                    if (objectStream.blockLength == objectStream.block.length) {
                        inflateBlock();
                    }
                }
            }
            if (!inData) {
                endObjectStream();
            }
        }

        /**
         * Inflates the bytes gathered so far. Fixed blocks, not whatever the reads returned: on damaged data the
         * inflater drops what it produced in the failing call, so the verdict would otherwise depend on read sizes.
         */
        private void inflateBlock() {
            Inflater inflater = objectStream.inflater;
            if (!inflater.finished() && objectStream.blockLength > 0) {
                inflater.setInput(objectStream.block, 0, objectStream.blockLength);
                byte[] out = new byte[16 * 1024];
                try {
                    int n;
                    while ((n = inflater.inflate(out)) > 0) {
                        inflated += n;
                        if (inflated > maxInflated) {
                            throw new PayloadTooLargeException("file", "the PDF's object streams expand more than "
                                    + MAX_EXPANSION_RATIO + " times its size");
                        }
                        objectStream.names.feed(out, n);
                    }
                } catch (DataFormatException e) {
                    throw unreadable("it cannot be inflated (" + e.getMessage() + "); an encrypted or damaged PDF"
                            + " cannot be checked");
                }
                if (inflater.needsDictionary()) {
                    throw unreadable("it needs a preset dictionary");
                }
            }
            objectStream.blockLength = 0;
        }

        private void endObjectStream() {
            if (objectStream == null) {
                return;
            }
            inflateBlock();
            boolean finished = objectStream.inflater.finished();
            objectStream.names.end();
            release();
            if (!finished) {
                throw unreadable("it ends before its compressed data does");
            }
        }

        private UnsupportedContentException unreadable(String reason) {
            return new UnsupportedContentException("file", "the PDF's object stream at byte " + objectStreamAt
                    + " cannot be checked for script: " + reason);
        }
    }

    /** An object stream being read: its inflater, the lexer reading what comes out, and a block of input. */
    private static final class ObjectStream {

        private final Inflater inflater = new Inflater();
        private final Lexer names = new Lexer(0, true);
        private final byte[] block = new byte[8 * 1024];
        private int blockLength;
    }

    /** A name's bytes with each {@code #xx} replaced by the byte it stands for, as a viewer reads it. */
    private static String decode(byte[] raw, int length) {
        byte[] decoded = new byte[length];
        int n = 0;
        for (int i = 0; i < length; i++) {
            int high = i + 2 < length && raw[i] == '#' ? Character.digit(raw[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(raw[i + 2], 16) : -1;
            if (low >= 0) {
                decoded[n++] = (byte) (high * 16 + low);
                i += 2;
            } else {
                decoded[n++] = raw[i];
            }
        }
        return new String(decoded, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** PDF's regular characters: anything but white space and the delimiters. */
    private static boolean isRegular(int c) {
        return switch (c) {
            case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%' -> false;
            default -> true;
        };
    }
}
