// Portuguese texts of the staff sign-in screen.

import type { SignInTexts } from "./sign-in.en.js";

/** Portuguese texts of the staff sign-in screen. */
export const signInPt: SignInTexts = {
  title: "Entrada da equipa",
  email: "E-mail",
  password: "Palavra-passe",
  submit: "Entrar",
  busy: "A entrar…",
  codeTitle: "Código de verificação",
  codeIntro: "Introduza o código de 6 dígitos da sua aplicação de autenticação.",
  code: "Código",
  codeHint: "Sem o telemóvel? Introduza um dos seus códigos de recuperação.",
  verify: "Verificar",
  back: "Voltar",
  inviteTitle: "Defina a sua palavra-passe",
  inviteIntro: "Escolha a palavra-passe com que vai entrar.",
  newPassword: "Nova palavra-passe",
  newPasswordHint: "Pelo menos 10 caracteres.",
  confirmPassword: "Repita a palavra-passe",
  name: "O seu nome",
  setPassword: "Definir palavra-passe e entrar",
  wrongCredentials: "O e-mail ou a palavra-passe estão errados.",
  wrongCode: "Esse código não é válido. Confirme a hora do telemóvel e tente um código novo.",
  locked: "Demasiadas tentativas falhadas. Tente de novo daqui a {minutes} min.",
  linkInvalid: "Esta ligação não é válida ou expirou. Peça uma nova ao seu gestor.",
  mismatch: "As duas palavras-passe não são iguais.",
  tooShort: "A palavra-passe precisa de pelo menos 10 caracteres.",
  required: "Preencha este campo.",
  sessionEnded: "A sua sessão terminou. Inicie sessão novamente para continuar.",
  network: "Não foi possível contactar o servidor da clínica. Verifique a ligação e tente de novo.",
  failed: "Algo correu mal. Tente de novo.",
};
