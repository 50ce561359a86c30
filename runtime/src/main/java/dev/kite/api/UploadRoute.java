package dev.kite.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.kite.data.DataStores;
import dev.kite.data.UploadUrls;

/**
 * {@code PUT /uploads/<token>}: writes the body as the one object of the local store that the
 * token ({@link UploadUrls}) names, for work outside Kite that hands its files back (a notebook
 * pod). The token is the credential (no API key); a forged or expired one is 403. The body needs a
 * {@code Content-Length} within {@code kite.storage.max-object-size}; it is streamed to a temporary
 * file, then put into the store (so readers never see half an object). Answers 204.
 */
@ApplicationScoped
public class UploadRoute {

    private static final Logger LOG = Logger.getLogger(UploadRoute.class);

    void register(@Observes Router router, UploadUrls uploads, DataStores data, Vertx vertx) {
        router.put(UploadUrls.PATH + ":token").handler(rc -> upload(rc, uploads, data, vertx));
    }

    private static void upload(RoutingContext rc, UploadUrls uploads, DataStores data, Vertx vertx) {
        HttpServerRequest req = rc.request();
        req.pause();
        long max = data.config().maxObjectSize().asLongValue();
        long length;
        try {
            length = Long.parseLong(req.getHeader(HttpHeaders.CONTENT_LENGTH));
        } catch (NumberFormatException e) {
            answer(rc, 411, "an upload needs a Content-Length");
            return;
        }
        if (length > max) {
            answer(rc, 413, "the body has " + length + " bytes; kite.storage.max-object-size is " + max);
            return;
        }
        uploads.verify(rc.pathParam("token")).subscribe().with(target -> {
            if (target.isEmpty()) {
                answer(rc, 403, "this upload URL is not valid (forged, or expired)");
                return;
            }
            receive(rc, target.get(), data, vertx);
        }, f -> answer(rc, 503, "the upload URL could not be checked: " + f.getMessage()));
    }

    private static void receive(RoutingContext rc, URI target, DataStores data, Vertx vertx) {
        vertx.fileSystem().createTempFile("kite-upload", ".part").onComplete(created -> {
            if (created.failed()) {
                answer(rc, 503, "no room for the upload: " + created.cause().getMessage());
                return;
            }
            Path tmp = Path.of(created.result());
            vertx.fileSystem().open(tmp.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                    .compose(file -> rc.request().pipeTo(file))
                    .onComplete(piped -> {
                        if (piped.failed()) {
                            vertx.fileSystem().delete(tmp.toString());
                            answer(rc, 400, "the upload broke off: " + piped.cause().getMessage());
                            return;
                        }
                        data.put(target, tmp).eventually(() -> Uni.createFrom().item(() -> delete(tmp))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                                .subscribe().with(info -> rc.response().setStatusCode(204).end(), f -> {
                                    LOG.warnf("an upload to %s failed: %s", target, f.getMessage());
                                    answer(rc, 503, "the data store did not take the upload: " + f.getMessage());
                                });
                    });
        });
    }

    private static Boolean delete(Path tmp) {
        try {
            return Files.deleteIfExists(tmp);
        } catch (java.io.IOException e) {
            LOG.debugf("could not delete %s: %s", tmp, e.getMessage());
            return false;
        }
    }

    private static void answer(RoutingContext rc, int status, String detail) {
        if (rc.response().ended()) {
            return;
        }
        if (status != 204) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        String title = status == 403 ? "Forbidden" : status == 411 ? "Length Required" : status == 413 ? "Payload Too Large"
                : status == 400 ? "Bad Request" : "Service Unavailable";
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .end(Problems.document(status, title, detail, List.of()).toString());
    }
}
