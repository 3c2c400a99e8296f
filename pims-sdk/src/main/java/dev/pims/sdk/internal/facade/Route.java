package dev.pims.sdk.internal.facade;

import java.util.Objects;

/** An (operation, API name) pair that a handler serves. */
public record Route(Operation operation, String api) {

    public Route {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(api, "api");
    }

    public static Route get(String api) {
        return new Route(Operation.GET, api);
    }

    public static Route set(String api) {
        return new Route(Operation.SET, api);
    }

    public static Route subscribe(String api) {
        return new Route(Operation.SUBSCRIBE, api);
    }
}
