package dev.pims.sdk.internal.facade;

/** Where components publish subscription events; a no-op when nobody subscribed to the API. */
@FunctionalInterface
public interface EventSink {

    void publish(String api, Outcome event);
}
