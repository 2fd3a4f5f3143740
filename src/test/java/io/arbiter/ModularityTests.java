package io.arbiter;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(ArbiterApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicTypesAndFormNoCycles() {
        modules.verify();
    }

    @Test
    void packagesFormNoCyclesInsideAModuleEither() {
        // Modulith checks the modules against each other; a cycle between a module's own packages (a rule that
        // reads a file parser that reads the rule) it does not see.
        SlicesRuleDefinition.slices().matching("io.arbiter.(**)").should().beFreeOfCycles()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.arbiter"));
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();
    }
}
