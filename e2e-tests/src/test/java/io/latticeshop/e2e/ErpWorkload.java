package io.latticeshop.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The ERP as ECS runs it: its container image, built from {@code erp-service/Dockerfile}
 * on the JRE base image given by {@code e2e.baseImage}. Where no Docker daemon answers,
 * the same jar runs as a process instead and the image is reported as not tested.
 */
abstract sealed class ErpWorkload implements AutoCloseable {

	static final String BASE_IMAGE = System.getProperty("e2e.baseImage", "latticeshop/jre21-base:trixie");

	abstract void start() throws Exception;

	abstract void kill() throws Exception;

	abstract boolean inContainer();

	/** The uid the ERP process runs as, or -1 where that cannot be asked. */
	abstract int uid() throws Exception;

	/** What the ERP wrote to its standard output and error so far. */
	abstract String output() throws Exception;

	static ErpWorkload create(Path root, Path work, Map<String, String> env) {
		if (DockerClientFactory.instance().isDockerAvailable()) {
			requireBaseImage();
			return new Container(root, env);
		}
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI must test the ERP's container image, but no Docker daemon answers");
		}
		System.err.println("e2e: no Docker daemon answers, so the ERP's container image is NOT tested; "
				+ "the ERP runs from its jar instead (start Docker to test the image)");
		return new Jar(root, work, env);
	}

	/**
	 * The base image is built locally; asked for one it does not have, Docker would try
	 * to pull it from a registry.
	 */
	private static void requireBaseImage() {
		try {
			DockerClientFactory.instance().client().inspectImageCmd(BASE_IMAGE).exec();
		}
		catch (NotFoundException ex) {
			throw new IllegalStateException("The ERP's image builds FROM " + BASE_IMAGE + ", which this Docker "
					+ "daemon does not have: build it with scripts/build-base-image.sh (no registry needed), "
					+ "or stop Docker to run the ERP from its jar", ex);
		}
	}

	static final class Container extends ErpWorkload {

		private final ImageFromDockerfile image;

		private final Map<String, String> env;

		private GenericContainer<?> container;

		Container(Path root, Map<String, String> env) {
			Path erp = root.resolve("erp-service");
			// Only what the Dockerfile copies, so the build context stays a few MB.
			this.image = new ImageFromDockerfile("latticeshop/erp-service-e2e", false)
				.withFileFromPath("Dockerfile", erp.resolve("Dockerfile"))
				.withFileFromPath("target/erp-service.jar", erp.resolve("target/erp-service.jar"))
				.withBuildArg("BASE_IMAGE", BASE_IMAGE);
			this.env = env;
		}

		@Override
		@SuppressWarnings("resource")
		void start() throws Exception {
			this.container = new GenericContainer<>(this.image).withNetworkMode("host").withEnv(this.env);
			this.container.start();
			awaitReady(() -> this.container.isRunning() ? null : this.container.getLogs());
		}

		@Override
		void kill() {
			if (this.container != null) {
				this.container.stop();
			}
		}

		@Override
		boolean inContainer() {
			return true;
		}

		@Override
		int uid() throws Exception {
			return Integer.parseInt(this.container.execInContainer("id", "-u").getStdout().strip());
		}

		@Override
		String output() {
			return this.container.getLogs();
		}

		@Override
		public void close() {
			kill();
		}

	}

	static final class Jar extends ErpWorkload {

		private final ManagedProcess process;

		Jar(Path root, Path work, Map<String, String> env) {
			this.process = new ManagedProcess("erp-service", root, List.of(Shop.java(), "-Dspring.aot.enabled=true",
					"-jar", root.resolve("erp-service/target/erp-service.jar").toString()), env, work);
		}

		@Override
		void start() throws Exception {
			this.process.start();
			this.process.awaitHttpOk(Shop.ERP_DIRECT + "/actuator/health/readiness", Duration.ofSeconds(90));
		}

		@Override
		void kill() throws Exception {
			this.process.kill();
		}

		@Override
		boolean inContainer() {
			return false;
		}

		@Override
		int uid() {
			return -1;
		}

		@Override
		String output() throws Exception {
			return this.process.output();
		}

		@Override
		public void close() throws Exception {
			this.process.close();
		}

	}

	interface DeathCheck {

		/**
		 * @return the container's output if it died, else {@code null}
		 */
		String deadWith();

	}

	static void awaitReady(DeathCheck check) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			String dead = check.deadWith();
			if (dead != null) {
				throw new IllegalStateException("ERP container died while starting:\n" + dead);
			}
			if (Http.get(Shop.ERP_DIRECT + "/actuator/health/readiness").statusCode() == 200) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("ERP container not ready within 90 s");
	}

}
