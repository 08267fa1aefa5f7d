// @peculiar/x509's dependency injection (tsyringe) needs Reflect metadata before it loads;
// every file that imports @peculiar/x509 imports this first.
import "reflect-metadata";
