package dev.kite.api;

import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code GET /api/v1/executions/{id}/events?follow=true} answers Server-Sent Events whatever the
 * client accepts (curl sends {@code *}{@code /*}): the request is routed to the stream, as if it
 * had asked for {@code text/event-stream} (a {@code follow} that is neither true nor false is refused by the
 * method it reaches). Without {@code follow} the same path answers JSON
 * (whatever else it accepts), unless the client asks for {@code text/event-stream} and not for
 * JSON.
 */
public class StreamNegotiation {

    private static final Pattern EVENTS = Pattern.compile("/api/v1/executions/[^/]+/events/?");

    @ServerRequestFilter(preMatching = true)
    public void route(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod()) || !EVENTS.matcher(request.getUriInfo().getPath()).matches()) {
            return;
        }
        String follow = request.getUriInfo().getQueryParameters().getFirst("follow");
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        String types = accept == null ? "" : accept.toLowerCase(java.util.Locale.ROOT);
        // a client that accepts both (a generated client lists every documented type) gets JSON
        boolean asked = types.contains(MediaType.SERVER_SENT_EVENTS) && !types.contains(MediaType.APPLICATION_JSON);
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, QueryFlag.yes(follow) || asked
                ? MediaType.SERVER_SENT_EVENTS : MediaType.APPLICATION_JSON);
    }
}
