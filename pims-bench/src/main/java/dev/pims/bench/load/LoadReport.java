package dev.pims.bench.load;

/** The result of a load run: activations, the baseline endpoint and the OTP flow, measured in one run. */
public record LoadReport(int devices, double activationsPerSecond, Phase baseline, Phase otp) {

    /** The OTP flow's request rate as a fraction of the baseline endpoint's. */
    public double requestRateRatio() {
        return otp.requestsPerSecond() / baseline.requestsPerSecond();
    }
}
