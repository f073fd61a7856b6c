package dev.bodycheck.maven;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * {@code bodycheck:prepare-agent}: sets the project property that Surefire and Failsafe read as their
 * {@code argLine} (by default {@code argLine}) to {@code -javaagent:<the agent jar>=<options>}, before what the
 * property held. The agent jar is this plugin's own dependency on {@code dev.bodycheck:bodycheck-agent}, so the
 * plugin's version is the agent's. The report file ({@code target/bodycheck.jsonl} unless configured) is deleted
 * first, so that it holds this run's reports only, for {@link CheckMojo}. Its parameters are in
 * {@code META-INF/maven/plugin.xml}.
 */
public class PrepareAgentMojo extends AbstractMojo {
    static final String AGENT = "dev.bodycheck:bodycheck-agent";

    // injected by Maven (see plugin.xml)
    private Properties projectProperties;
    private List<Artifact> pluginArtifacts;
    private String propertyName;
    private boolean skip;
    // the agent's options, as SPEC names them; null: not given, the agent's default
    private String clients;
    private String report;
    private String log;
    private String stacks;
    private String failFast;
    private String openWarn;
    private String redact;
    private String ignore;
    private String appPackages;
    private String skipPackages;
    private String reclaim;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("bodycheck: skipped");
            return;
        }
        File jar = null;
        for (Artifact a : pluginArtifacts) {
            if ((a.getGroupId() + ":" + a.getArtifactId()).equals(AGENT)) {
                jar = a.getFile();
            }
        }
        if (jar == null) {
            throw new MojoExecutionException("bodycheck: " + AGENT + " is not among the plugin's artifacts");
        }
        if (report != null && new File(report).delete()) {
            getLog().info("bodycheck: deleted the last run's report " + report); // bodycheck:check reads this run's only
        }
        String agent = AgentArgument.of(jar, options());
        String value = AgentArgument.join(agent, projectProperties.getProperty(propertyName));
        projectProperties.setProperty(propertyName, value);
        getLog().info("bodycheck: " + propertyName + " set to " + value);
    }

    private Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("clients", clients);
        o.put("report", report);
        o.put("log", log);
        o.put("stacks", stacks);
        o.put("failFast", failFast);
        o.put("openWarn", openWarn);
        o.put("redact", redact);
        o.put("ignore", ignore);
        o.put("appPackages", appPackages);
        o.put("skipPackages", skipPackages);
        o.put("reclaim", reclaim);
        return o;
    }
}
