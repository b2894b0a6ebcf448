package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.ResponseHeaders;
import io.lollmsbot.config.control.Cached;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses request bodies over {@code lollmsbot.http.max-body-bytes} with 413: at once when Content-Length says so,
 * otherwise (chunked bodies) as soon as reading passes the limit, see {@link UnexpectedExceptionMapper}.
 */
@WebFilter(
        urlPatterns = {"/api/*", "/v1/*"},
        asyncSupported = true)
public class BodySizeFilter extends HttpFilter {

    static final String MAX_BODY_BYTES = "lollmsbot.http.max-body-bytes";

    @Inject
    @Cached
    Config config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long limit = config.getValue(MAX_BODY_BYTES, Long.class);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            ResponseHeaders.apply(request, response);
            Problems.write(request, response, tooLarge(limit));
            return;
        }
        chain.doFilter(declared < 0 ? new LimitedBody(request, limit) : request, response);
    }

    static Problem tooLarge(long limit) {
        return Problem.of(
                413, Problems.titleFor(413), "The request body is larger than the limit of " + limit + " bytes.");
    }

    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
