package io.vpnd.api;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The management API's routes, translating requests into {@link ManagementService} calls and views
 * into JSON:
 * <pre>
 *   GET  /v1/status              {"tunnels":[TunnelView…]}
 *   GET  /v1/sas                 {"sas":[SaView…]}
 *   GET  /v1/routes              {"routes":[RouteView…]}
 *   POST /v1/tunnels/{name}/up   {"ok":…,"message":…}
 *   POST /v1/tunnels/{name}/down {"ok":…,"message":…}
 *   POST /v1/reload              {"ok":…,"message":…}
 * </pre>
 * Errors are {@code {"error":"…"}} with the {@link ManagementException} status, 404 for an unknown
 * path and 405 (with {@code Allow}) for a known path with the wrong method.
 */
final class ManagementRoutes implements HttpEndpoint {

    private static final System.Logger LOG = System.getLogger(ManagementRoutes.class.getName());
    static final String JSON = "application/json";

    /** JSON bodies; records are written with their component names, which are the contract. */
    record StatusBody(List<TunnelView> tunnels) {
    }

    record SasBody(List<SaView> sas) {
    }

    record RoutesBody(List<RouteView> routes) {
    }

    record ErrorBody(String error) {
    }

    private final ManagementService service;
    private final ObjectMapper json = new ObjectMapper();

    ManagementRoutes(ManagementService service) {
        this.service = service;
    }

    @Override
    public HttpAnswer answer(HttpCall call) {
        List<String> s = call.segments();
        if (s.size() == 2 && s.get(0).equals("v1")) {
            switch (s.get(1)) {
                case "status":
                    return get(call) ? ok(new StatusBody(service.tunnels())) : notAllowed("GET");
                case "sas":
                    return get(call) ? ok(new SasBody(service.sas())) : notAllowed("GET");
                case "routes":
                    return get(call) ? ok(new RoutesBody(service.routes())) : notAllowed("GET");
                case "reload":
                    return post(call) ? action(call, "reload", null) : notAllowed("POST");
                default:
                    break;
            }
        }
        if (s.size() == 4 && s.get(0).equals("v1") && s.get(1).equals("tunnels") && !s.get(2).isEmpty()
                && (s.get(3).equals("up") || s.get(3).equals("down"))) {
            return post(call) ? action(call, s.get(3), s.get(2)) : notAllowed("POST");
        }
        return error(404, "no such endpoint: " + call.method() + " " + call.path());
    }

    private HttpAnswer action(HttpCall call, String verb, String tunnel) {
        LOG.log(Level.INFO, "management: {0}{1} requested by {2}", verb, tunnel == null ? "" : " " + tunnel,
                call.peer());
        try {
            ActionResult result = switch (verb) {
                case "up" -> service.up(tunnel);
                case "down" -> service.down(tunnel);
                default -> service.reload();
            };
            return ok(result);
        } catch (ManagementException e) {
            int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 500;
            LOG.log(Level.INFO, "management: {0} refused ({1}): {2}", verb, status, e.getMessage());
            return error(status, e.getMessage());
        }
    }

    private static boolean get(HttpCall call) {
        return call.method().equals("GET");
    }

    private static boolean post(HttpCall call) {
        return call.method().equals("POST");
    }

    private HttpAnswer ok(Object body) {
        return new HttpAnswer(200, JSON, toJson(body), Map.of());
    }

    private HttpAnswer notAllowed(String allowed) {
        return error(405, "method not allowed; use " + allowed).withHeader("Allow", allowed);
    }

    private HttpAnswer error(int status, String message) {
        return new HttpAnswer(status, JSON, toJson(new ErrorBody(message)), Map.of());
    }

    @Override
    public HttpAnswer failure(int status, String message) {
        return error(status, message);
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // only a broken view type gets here; the front end turns this into a 500
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
