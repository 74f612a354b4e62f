// Starts fauxqs, in memory and without request logging (logging every request would slow it down and make
// the comparison unfair to it), on the port given as the first argument.
import { startFauxqs } from "fauxqs";

const server = await startFauxqs({ port: Number(process.argv[2]), logger: false });
console.log(`listening ${server.port}`);
