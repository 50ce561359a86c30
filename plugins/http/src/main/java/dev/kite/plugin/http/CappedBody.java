package dev.kite.plugin.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Reads a response body into memory up to a limit; past it the read fails with
 * {@link ResponseTooLargeException} and the rest is never buffered.
 */
final class CappedBody implements BodyCodec<Buffer> {

    private final int limit;

    CappedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new Stream()));
    }

    private final class Stream implements BodyStream<Buffer> {

        private final Buffer buffer = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            Promise<Void> p = Promise.promise();
            write(data, p);
            return p.future();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            if (result.future().isComplete()) {
                handler.handle(Future.failedFuture(result.future().failed() ? result.future().cause()
                        : new IllegalStateException("body already complete")));
                return;
            }
            if ((long) buffer.length() + data.length() > limit) {
                ResponseTooLargeException e = new ResponseTooLargeException(limit);
                result.tryFail(e);
                handler.handle(Future.failedFuture(e));
                return;
            }
            buffer.appendBuffer(data);
            handler.handle(Future.succeededFuture());
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(buffer);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
