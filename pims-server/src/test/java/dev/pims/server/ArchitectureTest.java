package dev.pims.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, kept by the build: no package cycles under dev.pims.server, the
 * HTTP assembly only in the root package, leaf packages that depend on nothing of the server, no SQL in route
 * classes.
 */
class ArchitectureTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pims.server");

    @Test
    void noPackageCycles() {
        slices().matching("dev.pims.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void onlyTheRootPackageAssemblesTheServer() {
        noClasses().that().resideOutsideOfPackage("dev.pims.server")
                .and().resideOutsideOfPackage("dev.pims.server.config")
                .should().dependOnClassesThat().haveFullyQualifiedName(PimsServer.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(HttpApp.class.getName())
                .check(SERVER);
    }

    @Test
    void metricsAndLimitsAreLeaves() {
        classes().that().resideInAnyPackage("dev.pims.server.metrics..", "dev.pims.server.limits..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.micrometer..",
                        "com.github.benmanes.caffeine..", "dev.pims.server.metrics..", "dev.pims.server.limits..")
                .check(SERVER);
    }

    @Test
    void routeClassesRunNoSql() {
        noClasses().that().haveSimpleNameEndingWith("Routes").or().haveSimpleNameEndingWith("Endpoint")
                .or().haveSimpleName("OpsHttp")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.pims.server.db.Sql")
                .check(SERVER);
    }
}
