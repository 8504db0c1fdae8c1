package dev.lore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The "may import" rules of the package-info files, enforced on the compiled library: which of
 * lore's packages each package may use, which outside libraries, and no cycles.
 */
class ArchitectureTest {

    /** What every library package may use besides lore: the JDK, ND4J (with its OpenBLAS and JavaCPP), SLF4J. */
    private static final String[] COMMON = {"java..", "org.nd4j..", "org.bytedeco..", "org.slf4j.."};

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lore");
    }

    /**
     * Each package with the lore packages it may use, in the order of the stages, and, in an
     * optional third column, the outside libraries (ArchUnit package patterns) it may use besides
     * {@link #COMMON}.
     */
    @ParameterizedTest(name = "{0} may use {1}")
    @CsvSource(delimiter = '|', value = {
        "dev.lore.io          | ",
        "dev.lore.linalg      | ",
        "dev.lore.quant       | linalg",
        "dev.lore.compress    | io linalg quant",
        "dev.lore.nn          | io quant compress schedule",
        "dev.lore.data        | io nn",
        "dev.lore.train       | io linalg quant compress nn schedule data",
        "dev.lore.model       | io quant compress nn schedule data train",
        "dev.lore.experiment  | io linalg quant compress nn schedule data train model",
        "dev.lore.store       | io quant compress nn data",
        "dev.lore.dl4j        | io linalg quant compress data | org.deeplearning4j..",
    })
    void packagesUseOnlyTheStagesBelowThem(ArgumentsAccessor row) {
        String pkg = row.getString(0);
        String below = row.getString(1);
        List<String> allowed = new ArrayList<>(List.of(COMMON));
        if (row.size() > 2) {
            allowed.addAll(List.of(row.getString(2).trim().split("\\s+")));
        }
        allowed.add("dev.lore");
        allowed.add(pkg);
        if (below != null) {
            for (String p : below.trim().split("\\s+")) {
                allowed.add("dev.lore." + p);
            }
        }
        classes().that().resideInAPackage(pkg).should().onlyDependOnClassesThat(
                inPackages(allowed)).because("docs: package-info of " + pkg).check(library);
    }

    @Test
    void theBasePackageUsesNoStage() {
        classes().that().resideInAPackage("dev.lore").should().onlyDependOnClassesThat(
                inPackages(List.of("java..", "org.nd4j..", "org.slf4j..", "dev.lore"))).check(library);
    }

    @Test
    void schedulesDependOnTheJdkOnlyApartFromTheirNd4jAdapter() {
        classes().that().resideInAPackage("dev.lore.schedule").and().doNotHaveSimpleName("Nd4jSchedule")
                .should().onlyDependOnClassesThat(inPackages(List.of("java..", "dev.lore.schedule")))
                .check(library);
        classes().that().haveSimpleName("Nd4jSchedule").should().onlyDependOnClassesThat(
                inPackages(List.of("java..", "dev.lore.schedule", "org.nd4j.."))).check(library);
    }

    @Test
    void theLibraryNeverUsesTheCommandLineOrItsLibraries() {
        noClasses().that().resideOutsideOfPackage("dev.lore.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lore.cli..", "picocli..", "org.jfree..", "me.tongfei..")
                .check(library);
    }

    /** DeepLearning4J is an optional dependency: the rest of the library must load and run without it. */
    @Test
    void onlyTheDl4jPackageUsesDeepLearning4j() {
        noClasses().that().resideOutsideOfPackage("dev.lore.dl4j..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lore.dl4j..", "org.deeplearning4j..")
                .because("docs: package-info of dev.lore.dl4j (DL4J is an optional dependency)")
                .check(library);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.lore.(*)..").should().beFreeOfCycles().check(library);
    }

    /** Classes in one of {@code patterns} (ArchUnit package patterns), arrays and primitives by their element type. */
    private static DescribedPredicate<JavaClass> inPackages(List<String> patterns) {
        String[] p = patterns.toArray(new String[0]);
        return DescribedPredicate.describe("in " + patterns, c -> {
            JavaClass base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            return base.isPrimitive() || base.getPackage().getName().isEmpty()
                    || PackageMatchers.of(p).test(base.getPackageName());
        });
    }
}
