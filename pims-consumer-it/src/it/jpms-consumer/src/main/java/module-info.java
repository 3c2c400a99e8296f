module example.jpms {
    requires dev.pims.sdk;
}
