package io.hypha.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of STYLE.md, checked on the compiled classes of every module: core depends on no
 * other module, protocols on core only, no protocol package on another, no {@code internal} or protobuf type in
 * a public signature, generated protobuf code only in {@code internal} packages (rule 9), and the metrics library
 * only in {@code io.hypha.node.metrics}.
 */
class ArchitectureTest {
    /** Packages that live in hypha-core. */
    private static final String[] CORE_PACKAGES = {
        "io.hypha.multiformats..", "io.hypha.multiaddr..", "io.hypha.crypto..", "io.hypha.peer..",
        "io.hypha.transport..", "io.hypha.security..", "io.hypha.muxer..", "io.hypha.multistream..",
        "io.hypha.host..", "io.hypha.resource..", "io.hypha.block..", "io.hypha.internal.."
    };

    private static JavaClasses hypha;

    @BeforeAll
    static void importClasses() {
        hypha = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // other modules' test-jars (hypha-core-*-tests.jar) are test code too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.hypha");
    }

    @Test
    void coreDependsOnNoOtherModule() {
        classes().that().resideInAnyPackage(CORE_PACKAGES)
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("io.hypha.protocol..", "io.hypha.node..")
                .because("hypha-core depends on no other module (STYLE.md)")
                .check(hypha);
    }

    /**
     * The metrics library stays in the node's metrics package: core and protocols keep their plain counters
     * ({@code HostCounters}, resource stats) and the rest of the node calls {@code NodeMetrics}' plain methods, so
     * the library could be swapped without touching them, and core depends on Netty, protobuf and BouncyCastle only.
     */
    @Test
    void onlyTheMetricsPackageUsesTheMetricsLibrary() {
        noClasses().that().resideOutsideOfPackage("io.hypha.node.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.prometheus..", "io.micrometer..")
                .because("core stays library-free and the node reaches its metrics through NodeMetrics (STYLE.md)")
                .check(hypha);
    }

    @Test
    void everyClassLivesInAKnownModulePackage() {
        List<String> known = new ArrayList<>(List.of(CORE_PACKAGES));
        known.add("io.hypha.protocol..");
        known.add("io.hypha.node..");
        classes().should().resideInAnyPackage(known.toArray(String[]::new))
                .because("the module dependency rules are stated per package; a new top-level package must be placed")
                .check(hypha);
    }

    @Test
    void protocolsDependOnCoreOnly() {
        classes().that().resideInAPackage("io.hypha.protocol..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.hypha.node..")
                .because("hypha-protocols depends on hypha-core only (STYLE.md)")
                .allowEmptyShould(true)
                .check(hypha);
    }

    @Test
    void protocolPackagesDoNotImportEachOther() {
        slices().matching("io.hypha.protocol.(*)..")
                .should().notDependOnEachOther()
                .because("protocols learn about each other through the host's typed events (STYLE.md)")
                .allowEmptyShould(true)
                .check(hypha);
    }

    @Test
    void generatedProtobufLivesInInternalPackages() {
        classes().that(new DescribedPredicate<JavaClass>("extend or implement a protobuf type (generated code)") {
                    @Override
                    public boolean test(JavaClass c) {
                        return Stream.concat(c.getAllRawSuperclasses().stream(), c.getAllRawInterfaces().stream())
                                .anyMatch(ArchitectureTest::isProtobuf);
                    }
                })
                .should().resideInAnyPackage("io.hypha.internal..", "..internal..")
                .because("generated protobuf stays in internal; codecs map it to records at the boundary (STYLE.md rule 9)")
                .check(hypha);
    }

    @Test
    void noInternalTypeInAPublicSignature() {
        DescribedPredicate<JavaCodeUnit> publicApi = new DescribedPredicate<>("part of the public API") {
            @Override
            public boolean test(JavaCodeUnit unit) {
                return isPublicApi(unit.getOwner()) && isVisible(unit.getModifiers());
            }
        };
        codeUnits().that(publicApi)
                .should(new ArchCondition<JavaCodeUnit>("not mention an internal or protobuf type in their signature") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        Stream<JavaType> types = Stream.concat(
                                Stream.of(unit.getReturnType()),
                                unit.getParameterTypes().stream());
                        Stream.concat(types, unit.getExceptionTypes().stream().map(JavaType.class::cast))
                                .flatMap(t -> t.getAllInvolvedRawTypes().stream())
                                .filter(ArchitectureTest::isHidden)
                                .forEach(t -> events.add(SimpleConditionEvent.violated(unit,
                                        unit.getFullName() + " exposes internal or protobuf type " + t.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(hypha);

        DescribedPredicate<JavaField> publicField = new DescribedPredicate<>("public API fields") {
            @Override
            public boolean test(JavaField field) {
                return isPublicApi(field.getOwner()) && isVisible(field.getModifiers());
            }
        };
        fields().that(publicField)
                .should(new ArchCondition<JavaField>("not have an internal or protobuf type") {
                    @Override
                    public void check(JavaField field, ConditionEvents events) {
                        field.getType().getAllInvolvedRawTypes().stream()
                                .filter(ArchitectureTest::isHidden)
                                .forEach(t -> events.add(SimpleConditionEvent.violated(field,
                                        field.getFullName() + " exposes internal or protobuf type " + t.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(hypha);

        classes().that(new DescribedPredicate<JavaClass>("are public API types") {
                    @Override
                    public boolean test(JavaClass c) {
                        return isPublicApi(c);
                    }
                })
                .should(new ArchCondition<JavaClass>("not extend or implement an internal or protobuf type") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        Stream.concat(c.getRawSuperclass().stream(), c.getRawInterfaces().stream())
                                .filter(ArchitectureTest::isHidden)
                                .forEach(t -> events.add(SimpleConditionEvent.violated(c,
                                        c.getName() + " extends internal or protobuf type " + t.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(hypha);
    }

    /**
     * A blocking wait on an event loop stalls every connection on it: main code waits through BlockingGuard (or
     * the node's Futures.await, which checks it), so a wait on a loop fails at once instead of hanging. The
     * command line runs on the main thread and may wait directly.
     */
    @Test
    void blockingWaitsGoThroughTheEventLoopGuard() {
        noClasses().that().resideOutsideOfPackages("io.hypha.node.cli..")
                .and().doNotHaveFullyQualifiedName("io.hypha.internal.netty.BlockingGuard")
                .and().doNotHaveFullyQualifiedName("io.hypha.node.internal.Futures")
                .should().callMethod(CompletableFuture.class, "join")
                .orShould().callMethod(CompletableFuture.class, "get")
                .orShould().callMethod(CompletableFuture.class, "get", long.class, TimeUnit.class)
                .because("a blocking wait must be refused on an event loop (BlockingGuard)")
                .check(hypha);
    }

    /** Types a public signature must not mention: ours in {@code internal} packages, and protobuf's. */
    private static boolean isHidden(JavaClass c) {
        return isInternal(c) || isProtobuf(c);
    }

    private static boolean isProtobuf(JavaClass c) {
        return c.getPackageName().equals("com.google.protobuf") || c.getPackageName().startsWith("com.google.protobuf.");
    }

    private static boolean isInternal(JavaClass c) {
        return c.getPackageName().startsWith("io.hypha.internal") || c.getPackageName().contains(".internal.")
                || c.getPackageName().endsWith(".internal");
    }

    /** A public type outside internal packages whose enclosing types are public too. */
    private static boolean isPublicApi(JavaClass c) {
        if (isInternal(c) || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
            return false;
        }
        return c.getEnclosingClass().map(ArchitectureTest::isPublicApi).orElse(true);
    }

    private static boolean isVisible(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }
}
