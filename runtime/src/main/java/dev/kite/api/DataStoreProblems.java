package dev.kite.api;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.kite.spi.data.DataStoreException;

/** A data store failure that reaches the API: 503 while the store does not answer, 404 for data that is not there. */
public class DataStoreProblems {

    @ServerExceptionMapper
    public Response failed(DataStoreException e) {
        return e.transientFailure()
                ? Problems.response(503, "Service Unavailable", "a data store did not answer: " + e.getMessage(), List.of())
                : Problems.response(404, "Not Found", e.getMessage(), List.of());
    }
}
