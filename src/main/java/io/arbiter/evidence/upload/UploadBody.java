package io.arbiter.evidence.upload;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A PATCH request whose body is read straight from the connection, never past the bytes the upload still has
 * room for: tus-java-server checks {@code Content-Length} against {@code Upload-Length} but would write a chunked
 * body of any size. Tells whether the connection broke off while the body was read, and whether the body went
 * on past the room: the library cannot, as {@code FileChannel.transferFrom} hides a read error once it has
 * written some bytes, and so does the servlet container, which answers 400 by itself.
 */
class UploadBody extends HttpServletRequestWrapper {

    private long room;
    private boolean broken;
    private boolean overflowed;
    private ServletInputStream stream;

    UploadBody(HttpServletRequest request, long room) {
        super(request);
        this.room = Math.max(0, room);
    }

    boolean broken() {
        return broken;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** Whether the body arrived whole, as far as it was read. */
    boolean intact() {
        return !broken && !overflowed;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Bounded(super.getInputStream());
        }
        return stream;
    }

    private final class Bounded extends ServletInputStream {

        private final ServletInputStream in;

        Bounded(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (room == 0) {
                if (readFromConnection(new byte[1], 0, 1) != -1) {
                    overflowed = true;
                    throw new IOException("the request body goes on past Upload-Length");
                }
                return -1;
            }
            int read = readFromConnection(buffer, offset, (int) Math.min(length, room));
            if (read > 0) {
                room -= read;
            }
            return read;
        }

        private int readFromConnection(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
