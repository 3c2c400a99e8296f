package dev.pims.sdk.internal.facade;

/** The facade's verbs that address an API by name. */
public enum Operation {
    GET, SET, SUBSCRIBE
}
