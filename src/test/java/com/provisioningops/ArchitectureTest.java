package com.provisioningops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the ports-and-adapters shape: the core speaks the domain, adapters speak the SDKs. */
class ArchitectureTest {
  private static final String[] CORE = {
    "com.provisioningops.provisioning..",
    "com.provisioningops.readiness..",
    "com.provisioningops.monitoring..",
    "com.provisioningops.alerts..",
    "com.provisioningops.failure..",
    "com.provisioningops.api..",
    "com.provisioningops.connector..",
    "com.provisioningops.delivery..",
    "com.provisioningops.uploads..",
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.provisioningops");
  }

  @Test
  void coreImportsNeitherFunctionsNorAzureSdkNorGraph() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "com.microsoft.azure.functions..",
                "com.azure..",
                "com.microsoft.graph..",
                "com.microsoft.kiota..");
    rule.check(classes);
  }

  @Test
  void coreDependsOnNoAdapterNorWiring() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.provisioningops.functions..",
            "com.provisioningops.adapter.graph..",
            "com.provisioningops.adapter.secrets..",
            "com.provisioningops.adapter.storage..",
            "com.provisioningops.adapter.webhooks..",
            "com.provisioningops.app..")
        .check(classes);
  }

  @Test
  void onlyTheFunctionsLayerTouchesTheFunctionsLibrary() {
    noClasses()
        .that()
        .resideOutsideOfPackages("com.provisioningops.functions..", "com.provisioningops.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.microsoft.azure.functions..")
        .check(classes);
    // The composition root may implement the worker's SPI, nothing more.
    noClasses()
        .that()
        .resideInAPackage("com.provisioningops.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.microsoft.azure.functions")
        .check(classes);
  }

  @Test
  void functionsLayerReachesAdaptersOnlyThroughTheCore() {
    noClasses()
        .that()
        .resideInAPackage("com.provisioningops.functions..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.provisioningops.adapter.graph..",
            "com.provisioningops.adapter.secrets..",
            "com.provisioningops.adapter.storage..",
            "com.provisioningops.adapter.webhooks..",
            "com.azure..",
            "com.microsoft.graph..")
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("com.provisioningops.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void alertsKnowNothingOfWhatRaisesOrDeliversThem() {
    noClasses()
        .that()
        .resideInAPackage("com.provisioningops.alerts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.provisioningops.monitoring..",
            "com.provisioningops.delivery..",
            "com.provisioningops.connector..")
        .check(classes);
  }

  @Test
  void everyPackageSaysWhatItHoldsAndMayImport() throws Exception {
    java.nio.file.Path root = java.nio.file.Path.of("src/main/java");
    try (var dirs = java.nio.file.Files.walk(root)) {
      java.util.List<String> silent =
          dirs.filter(java.nio.file.Files::isDirectory)
              .filter(ArchitectureTest::holdsJava)
              .filter(d -> !java.nio.file.Files.exists(d.resolve("package-info.java")))
              .map(d -> root.relativize(d).toString())
              .toList();
      org.assertj.core.api.Assertions.assertThat(silent).isEmpty();
    }
  }

  private static boolean holdsJava(java.nio.file.Path dir) {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void subPackagesHaveNoCyclesEither() {
    slices().matching("com.provisioningops.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheGraphAdapterTouchesTheGraphSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage("com.provisioningops.adapter.graph..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.microsoft.graph..", "com.microsoft.kiota..")
        .check(classes);
  }

  @Test
  void adaptersDoNotCallEachOtherNorTheFunctionsLayer() {
    String[] adapters = {
      "com.provisioningops.adapter.graph..",
      "com.provisioningops.adapter.secrets..",
      "com.provisioningops.adapter.storage..",
      "com.provisioningops.adapter.webhooks.."
    };
    noClasses()
        .that()
        .resideInAnyPackage(adapters)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.provisioningops.functions..", "com.provisioningops.app..")
        .check(classes);
  }
}
